// The OpenAI-compatible summary provider (OpenAI, vLLM, Ollama, llama.cpp, LM Studio…).
// No Remix imports and relative imports only: the eval package imports this file directly.
//
// Retry policy lives here, not in the SDK (maxRetries: 0): failures are retried with backoff only
// until the first delta has been yielded; after that the caller already shows partial text, so
// any failure is thrown at once and the caller keeps what it has.

import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";

import { ChatCompletionEvents, type ChatCompletionPiece } from "./chat-completion-events";
import { SummaryError, type SummaryChunk, type SummaryProvider, type SummaryRequest } from "./types";

export interface OpenAIProviderOptions {
  apiKey: string;
  /** e.g. `http://localhost:11434/v1`; defaults to OpenAI (or OPENAI_BASE_URL as read by the SDK). */
  baseURL?: string;
  /** How long to wait for the response to start (status + headers). Default 30 s. */
  requestTimeoutMs?: number;
  /** How long the stream may stay silent between chunks. Default 30 s. */
  idleTimeoutMs?: number;
  /** Total attempts, including the first. Default 3. */
  maxAttempts?: number;
  /** First backoff delay; doubles on each retry. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Upper bound for any single backoff, including `retry-after` hints. Default 8 s. */
  maxRetryDelayMs?: number;
  /** The longest a whole summary may take, retries included. Default 110 s (App Runner cuts requests at 120 s). */
  totalTimeoutMs?: number;
}

interface Settings {
  host: string;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  totalTimeoutMs: number;
}

export function createOpenAIProvider(options: OpenAIProviderOptions): SummaryProvider {
  if (!options.apiKey) {
    throw new SummaryError("upstream_auth", "No API key is configured for the AI service (OPENAI_API_KEY).", {
      retryable: false,
    });
  }
  const requestTimeoutMs = positive(options.requestTimeoutMs, 30_000);
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: requestTimeoutMs,
    // Pinned so that OPENAI_LOG=debug cannot dump consultation text into the server log.
    logLevel: "warn",
    // A redirect is refused, not followed: a 307 or 308 would send the consultation on to another
    // address. (Following also costs undici a copy of every request body, kept in case it must be
    // sent again.)
    fetchOptions: { redirect: "error" },
  });
  const settings: Settings = {
    host: hostOf(client.baseURL),
    requestTimeoutMs,
    idleTimeoutMs: positive(options.idleTimeoutMs, 30_000),
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 3)),
    retryBaseDelayMs: Math.max(0, options.retryBaseDelayMs ?? 500),
    maxRetryDelayMs: Math.max(0, options.maxRetryDelayMs ?? 8_000),
    totalTimeoutMs: positive(options.totalTimeoutMs, 110_000),
  };
  return {
    id: "openai",
    stream: (request) => streamSummary(client, settings, request),
  };
}

/**
 * The whole summary under one deadline: when it passes, the call is aborted like a cancel but
 * reported as a timeout, so the caller keeps the partial text and can say what happened.
 * One generator layer per summary: each token passes through it and nothing else of ours.
 */
async function* streamSummary(
  client: OpenAI,
  settings: Settings,
  caller: SummaryRequest,
): AsyncGenerator<SummaryChunk> {
  // A plain controller rather than AbortSignal.any: `.aborted` is read for every chunk, and on a
  // composite signal that read walks its sources each time.
  const controller = new AbortController();
  let pastDeadline = false;
  const abort = () => controller.abort(caller.signal.reason);
  caller.signal.addEventListener("abort", abort, { once: true });
  if (caller.signal.aborted) abort();
  const deadline = setTimeout(() => {
    pastDeadline = true;
    controller.abort(new Error("total time cap"));
  }, settings.totalTimeoutMs);
  const request = { ...caller, signal: controller.signal };
  let attempt: UpstreamAttempt | undefined;
  try {
    const opened = await openWithRetries(client, settings, request);
    attempt = opened.attempt;
    for (let piece = opened.first; ; piece = await attempt.read()) {
      if (piece.text) yield { type: "delta", text: piece.text };
      if (piece.ended) break;
    }
    const usage = attempt.usage();
    if (usage) yield usage;
  } catch (error) {
    if (pastDeadline && !caller.signal.aborted) {
      throw new SummaryError(
        "upstream_timeout",
        `The AI service took longer than ${seconds(settings.totalTimeoutMs)} for this summary; the text so far is kept.`,
      );
    }
    throw toSummaryError(error, settings, request);
  } finally {
    attempt?.close();
    clearTimeout(deadline);
    caller.signal.removeEventListener("abort", abort);
  }
}

/**
 * Calls the model until a response yields its first text (or ends), retrying with backoff what
 * may succeed on another try. Once text has been shown, nothing is retried: see the file header.
 */
async function openWithRetries(
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

/**
 * One call to the model. Its own controller is aborted by the caller's signal, by the idle timer
 * or when it is closed unfinished; the SDK ties it to the fetch, so the upstream request ends too.
 */
class UpstreamAttempt {
  private readonly controller = new AbortController();
  private readonly forwardAbort = () => this.controller.abort(this.request.signal.reason);
  private reader?: ReadableStreamDefaultReader<Uint8Array>;
  private events?: ChatCompletionEvents;
  private idleTimer?: NodeJS.Timeout;
  private idleTimedOut = false;
  private ended = false;

  constructor(
    private readonly settings: Settings,
    private readonly request: SummaryRequest,
  ) {
    request.signal.addEventListener("abort", this.forwardAbort, { once: true });
  }

  /** Sends the request; resolves once a successful response has started (the SDK throws APIError otherwise). */
  async open(client: OpenAI): Promise<void> {
    const { request, settings } = this;
    const params: ChatCompletionCreateParamsStreaming = {
      model: request.model,
      messages: request.messages,
      temperature: request.temperature,
      // `max_tokens` rather than `max_completion_tokens`: vLLM, Ollama, llama.cpp and LM Studio all
      // accept it (several older/local servers ignore or reject the newer name); OpenAI still
      // honours it for chat models.
      max_tokens: request.maxOutputTokens,
      stream: true,
      stream_options: { include_usage: true },
    };
    // The raw response: its body is parsed by ChatCompletionEvents (see that file for why).
    const response = await client.chat.completions
      .create(params, { signal: this.controller.signal, timeout: settings.requestTimeoutMs, maxRetries: 0 })
      .asResponse();
    if (!response.body) throw new StreamFailure(new Error("the response has no body"));
    this.events = new ChatCompletionEvents(response.headers);
    this.reader = response.body.getReader();
    this.idleTimer = setTimeout(() => {
      this.idleTimedOut = true;
      this.controller.abort(new Error("idle timeout"));
    }, settings.idleTimeoutMs);
  }

  /** Reads until the response has more text for the caller, or has ended. */
  async read(): Promise<ChatCompletionPiece> {
    const reader = this.reader!;
    const events = this.events!;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        // Bytes already buffered when the request was aborted must not reach the caller.
        if (this.request.signal.aborted) throw cancelledError();
        this.idleTimer!.refresh();
        const piece = done ? events.end() : events.push(value);
        if (piece.ended) this.ended = true;
        if (piece.text || piece.ended) return piece;
      }
    } catch (error) {
      if (this.request.signal.aborted) throw cancelledError();
      if (this.idleTimedOut) {
        throw new SummaryError(
          "upstream_timeout",
          `The AI service stopped sending text for ${seconds(this.settings.idleTimeoutMs)}.`,
        );
      }
      if (error instanceof SummaryError) throw error;
      throw new StreamFailure(error);
    }
  }

  /**
   * The usage a response that has ended reported, if any. Callers estimate it when there is none
   * (they keep the text anyway; a copy here would only hold every token of every stream).
   */
  usage(): SummaryChunk | undefined {
    const { finished, usage } = this.events!;
    if (!finished && !usage) {
      throw new SummaryError(
        "upstream_error",
        "The AI service ended its response before the summary was finished.",
      );
    }
    if (!usage || !Number.isFinite(usage.prompt_tokens) || !Number.isFinite(usage.completion_tokens)) {
      return undefined;
    }
    return {
      type: "usage",
      inputTokens: usage.prompt_tokens,
      outputTokens: usage.completion_tokens,
      estimated: false,
    };
  }

  close(): void {
    clearTimeout(this.idleTimer);
    this.request.signal.removeEventListener("abort", this.forwardAbort);
    if (!this.ended) this.controller.abort();
  }
}

/** Wraps an error raised while reading an already-started response body. */
class StreamFailure extends Error {
  constructor(readonly original: unknown) {
    super("stream failure");
  }
}

function toSummaryError(error: unknown, settings: Settings, request: SummaryRequest): SummaryError {
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

function cancelledError(): SummaryError {
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

function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return "the configured address";
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Number((ms / 1000).toFixed(1));
  return s === 1 ? "1 second" : `${s} seconds`;
}
