// Retry policy lives here, not in the SDK (maxRetries: 0): failures are retried with backoff only
// until the first delta has been yielded; after that the caller already shows partial text, so
// any failure is thrown at once and the caller keeps what it has.

import { APIError, type OpenAI } from "openai";

import { SummaryError, type SummaryRequest } from "../types";
import { cancelledError, toSummaryError } from "./error-mapping";
import type { Settings } from "./settings";
import { UpstreamAttempt, type ChatCompletionPiece } from "./upstream-attempt";

/**
 * Calls the model until a response yields its first text (or ends), retrying with backoff what
 * may succeed on another try. Once text has been shown, nothing is retried: see the file header.
 */
export async function openWithRetries(
  client: OpenAI,
  settings: Settings,
  request: SummaryRequest,
): Promise<{ attempt: UpstreamAttempt; first: ChatCompletionPiece }> {
  for (let number = 1; ; number++) {
    if (request.signal.aborted) throw cancelledError();
    const attempt = new UpstreamAttempt(settings, request);
    try {
      await attempt.open(client);
      return { attempt, first: await attempt.read() };
    } catch (error) {
      attempt.close();
      const failure = toSummaryError(error, settings, request);
      const canRetry = failure.retryable && failure.code !== "cancelled" && number < settings.maxAttempts;
      if (!canRetry) {
        if (number > 1 && failure.code !== "cancelled") {
          throw new SummaryError(failure.code, `${failure.message} (gave up after ${number} attempts)`, {
            retryable: failure.retryable,
            cause: failure.cause,
          });
        }
        throw failure;
      }
      await sleep(retryDelayMs(error, number, settings), request.signal);
    }
  }
}

function retryDelayMs(error: unknown, attempt: number, settings: Settings): number {
  const hinted = error instanceof APIError ? retryAfterMs(error.headers) : undefined;
  const backoff = settings.retryBaseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
  return Math.min(hinted ?? backoff, settings.maxRetryDelayMs);
}

/** Reads `retry-after-ms` (non-standard, OpenAI) or `retry-after` (seconds or an HTTP date). */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const millis = headers?.get("retry-after-ms");
  if (millis) {
    const value = Number.parseFloat(millis);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers?.get("retry-after");
  if (after) {
    const secs = Number(after.trim());
    if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
