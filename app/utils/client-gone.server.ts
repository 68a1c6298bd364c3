import type { AppLoadContext } from "@remix-run/node";

/**
 * Aborts when the client goes away (closes the connection before the response ended).
 * Use it, not request.signal, for responses that outlive the loader (event streams): Remix builds
 * intermediate Request objects, and once they are garbage-collected Node's fetch stops passing
 * aborts on to request.signal (nodejs/node#55428), so a stream would never hear that its viewer
 * left. server/main.ts provides this signal; request.signal is the fallback for other hosts.
 */
export function clientGoneSignal({
  request,
  context,
}: {
  request: Request;
  context: AppLoadContext;
}): AbortSignal {
  return context.clientGone instanceof AbortSignal ? context.clientGone : request.signal;
}
