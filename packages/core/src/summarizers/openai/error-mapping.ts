// Turns what the SDK, fetch or the socket threw into a SummaryError: a code the app and the eval
// understand and a fixed message that may be shown and stored (never the service's own text, which
// can quote the consultation).

import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";

import { SummaryError, type SummaryRequest } from "../types";
import { seconds, type Settings } from "./settings";

/** Wraps an error raised while reading an already-started response body. */
export class StreamFailure extends Error {
  constructor(readonly original: unknown) {
    super("stream failure");
  }
}

export function toSummaryError(error: unknown, settings: Settings, request: SummaryRequest): SummaryError {
  if (error instanceof SummaryError) return error;
  if (request.signal.aborted || error instanceof APIUserAbortError) return cancelledError();

  const midStream = error instanceof StreamFailure;
  const original = error instanceof StreamFailure ? error.original : error;

  if (original instanceof APIConnectionTimeoutError) {
    return new SummaryError(
      "upstream_timeout",
      `The AI service at ${settings.host} did not start responding within ${seconds(settings.requestTimeoutMs)}.`,
    );
  }
  if (original instanceof APIConnectionError && refusedRedirect(original)) {
    return new SummaryError(
      "upstream_error",
      `The AI service at ${settings.host} answered with a redirect, which is not followed so that ` +
        "consultations only ever go to OPENAI_BASE_URL. Set OPENAI_BASE_URL to the service's own address.",
      { retryable: false },
    );
  }
  if (original instanceof APIConnectionError) {
    return new SummaryError(
      "upstream_unreachable",
      `Could not reach the AI service at ${settings.host}: ${describeNetworkError(original)}. ` +
        "Check that it is running and that OPENAI_BASE_URL is correct.",
      { cause: networkCause(original) },
    );
  }
  if (original instanceof APIError) {
    const errorCode = upstreamErrorCode(original);
    const cause = { status: original.status, code: errorCode, requestID: original.requestID };
    const status = original.status;
    if (status === undefined) {
      // An error event inside an SSE stream (e.g. vLLM reports generation failures this way).
      return new SummaryError(
        "upstream_error",
        `The AI service reported an error while writing the summary${errorCode ? ` (${errorCode})` : ""}.`,
        { cause },
      );
    }
    if (status === 401 || status === 403) {
      return new SummaryError(
        "upstream_auth",
        `The AI service rejected the API key (HTTP ${status}). Ask an administrator to check OPENAI_API_KEY` +
          (status === 403 ? ` and that it may use the model "${request.model}".` : "."),
        { retryable: false, cause },
      );
    }
    if (status === 404) {
      return new SummaryError(
        "model_not_found",
        `The AI service at ${settings.host} has no model named "${request.model}". ` +
          "Check the model name (OPENAI_MODEL or the prompt file) and OPENAI_BASE_URL.",
        { retryable: false, cause },
      );
    }
    if (status === 429) {
      if (original.code === "insufficient_quota") {
        return new SummaryError(
          "rate_limited",
          "The AI service account has run out of quota. Ask an administrator to check its billing.",
          { retryable: false, cause },
        );
      }
      return new SummaryError(
        "rate_limited",
        "The AI service is rate-limiting requests right now. Wait a moment and try again.",
        { retryable: true, cause },
      );
    }
    if (status === 408) {
      return new SummaryError("upstream_timeout", "The AI service timed out handling the request.", {
        cause,
      });
    }
    if (status >= 500 || status === 409) {
      return new SummaryError(
        "upstream_error",
        `The AI service had an internal error (HTTP ${status}). Try again shortly.`,
        { retryable: true, cause },
      );
    }
    return new SummaryError(
      "bad_request",
      `The AI service rejected the request (HTTP ${status}${errorCode ? `, ${errorCode}` : ""}).`,
      { retryable: false, cause },
    );
  }
  if (midStream) {
    if (original instanceof SyntaxError) {
      return new SummaryError("upstream_error", "The AI service sent a response that could not be read.");
    }
    return new SummaryError(
      "upstream_error",
      "The connection to the AI service dropped before the summary was finished.",
      { cause: networkCause(original) },
    );
  }
  return new SummaryError("internal_error", "Unexpected error while calling the AI service.", {
    retryable: false,
    cause: original instanceof Error ? { name: original.name } : undefined,
  });
}

export function cancelledError(): SummaryError {
  return new SummaryError("cancelled", "Summary generation was cancelled.");
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "the connection was refused",
  ENOTFOUND: "the host name could not be resolved",
  EAI_AGAIN: "the host name could not be resolved",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  ETIMEDOUT: "the connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  UND_ERR_SOCKET: "the connection was closed unexpectedly",
  CERT_HAS_EXPIRED: "its TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its TLS certificate is not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "its TLS certificate is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its TLS certificate is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "its TLS certificate does not match the host name",
};

/** An error and what caused it, outermost first (fetch wraps the socket's error in its own). */
function* causeChain(error: unknown): Generator<object> {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    yield current;
    const errors = (current as { errors?: unknown }).errors; // AggregateError (IPv4 + IPv6 attempts)
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
}

/** Finds the first system error code (ECONNREFUSED…) in an error's cause chain. */
function networkCode(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === "string" && code.length > 0) return code;
  }
  return undefined;
}

/** Whether fetch failed because the service redirected and redirects are refused (undici's wording). */
function refusedRedirect(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (link instanceof Error && link.message === "unexpected redirect") return true;
  }
  return false;
}

function describeNetworkError(error: unknown): string {
  const code = networkCode(error);
  return (code && NETWORK_CODES[code]) ?? "the connection failed";
}

function networkCause(error: unknown): { code?: string } {
  return { code: networkCode(error) };
}

// An error code or type as services spell them (`context_length_exceeded`, `invalid_request_error`):
// lower-case words joined by underscores. A single word could be a name from the notes.
const ERROR_CODE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

/**
 * The service's error `code`, or else its `type`, when it is a well-formed identifier. Its message
 * is never used: services quote the request in it (the consultation, in part or whole, changed in
 * ways no check could be sure to catch), and whatever is used here is shown and stored.
 */
function upstreamErrorCode(error: APIError): string | undefined {
  return [error.code, error.type].find(
    (value): value is string => typeof value === "string" && value.length <= 64 && ERROR_CODE.test(value),
  );
}
