// How fast one client may open summary event streams, checked before any other work is done for
// the request. A stream that replays a finished summary ends at once, so the cap on streams held
// open (STREAMS_PER_USER) does not bound how many one client can open a second; each costs a
// database read and an audit entry. A browser opens one per summary it shows (and one more on a
// reconnect), far under this.
import type { IncomingMessage, ServerResponse } from "node:http";

import { opensStream } from "./request-guards.ts";

export interface StreamAdmissionOptions {
  /** Streams a client may open at once after a pause. */
  burst: number;
  /** Streams a client may open per second, sustained. */
  perSecond: number;
  /** Told about each refusal (metrics): refusals are not logged one by one, as a flood is made of them. */
  onRefused?: (req: IncomingMessage) => void;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

// Clients tracked at most; beyond it the oldest are forgotten (a fresh bucket is full anyway).
const MAX_CLIENTS = 10_000;
const SESSION_COOKIE = /(?:^|;\s*)__session=([^;]*)/;
const REFUSAL = Buffer.from(
  JSON.stringify({
    error: {
      code: "too_many_streams",
      message: "Too many summary streams opened at once. Try again in a moment.",
    },
  }),
);

/** Who is asking, as cheaply as it can be told: the credential the request carries. */
function clientKey(req: IncomingMessage): string {
  return req.headers.authorization ?? SESSION_COOKIE.exec(req.headers.cookie ?? "")?.[1] ?? "no credential";
}

/**
 * A check to run on Node's own request, before Express: true when it has answered the request
 * with 429 (the caller does nothing more with it), false when the request goes on.
 */
export function limitStreamOpens({
  burst,
  perSecond,
  onRefused,
  now = () => performance.now(),
}: StreamAdmissionOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const buckets = new Map<string, Bucket>();
  return (req, res) => {
    if (!(req.method === "GET" && opensStream(req))) return false;
    const key = clientKey(req);
    const at = now();
    const bucket = buckets.get(key) ?? { tokens: burst, at };
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
    bucket.at = at;
    buckets.delete(key); // re-inserted last: the map stays in order of last use
    if (buckets.size >= MAX_CLIENTS) buckets.delete(buckets.keys().next().value!);
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return false;
    }
    // Written directly: this answer must cost as little as possible, as a flood is made of them.
    res.writeHead(429, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": REFUSAL.byteLength,
      "Retry-After": String(Math.ceil((1 - bucket.tokens) / perSecond)),
      "Cache-Control": "no-store",
    });
    res.end(REFUSAL);
    onRefused?.(req);
    return true;
  };
}
