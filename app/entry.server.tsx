import { PassThrough } from "node:stream";

import {
  createReadableStreamFromReadable,
  type ActionFunctionArgs,
  type AppLoadContext,
  type EntryContext,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

import { thrownApiError } from "./utils/api-errors.server";
import { log } from "./utils/logger.server";
import { NonceProvider } from "./utils/nonce-provider";

// The custom server (server/main.ts) reaches these through build.entry.module.
export {
  beginShutdown,
  interruptGenerations,
  databaseProblem,
  drainGenerations,
  eventLoopLagging,
  metricsText,
  recordHttpRequest,
  startServices,
  stopServices,
} from "./services.server";
export { userHashFor } from "./observability/request-user.server";
// The server logs through the same pino logger as the app (the container has no app/ sources),
// and keeps the same ids in request logs as the audit log does.
export { log } from "./utils/logger.server";
export { isUuid } from "./utils/ids";

const ABORT_DELAY_MS = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const refused = thrownApiError(remixContext.staticHandlerContext.errors);
  if (refused) return refused;
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("Cache-Control", "no-store");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logRenderError(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS);
  });
}

// Loader and action data of pages carries consultation text: no cache may keep it.
export function handleDataRequest(response: Response): Response {
  response.headers.set("Cache-Control", "no-store");
  return response;
}

function logRenderError(error: unknown): void {
  log.error("render failed", { errorName: error instanceof Error ? error.name : typeof error });
}

// Logs the error's kind and stack location only: messages may quote request data (notes), and a
// path any text. The request id leads to the request's log line, which names its route.
export function handleError(
  error: unknown,
  { request, context }: LoaderFunctionArgs | ActionFunctionArgs,
): void {
  if (request.signal.aborted) return;
  log.error("unhandled route error", {
    requestId: typeof context.requestId === "string" ? context.requestId : undefined,
    errorName: error instanceof Error ? error.name : typeof error,
    at: error instanceof Error ? error.stack?.split("\n")[1]?.trim() : undefined,
  });
}
