// What an OpenAI-compatible writer is configured with, and the defaults of what is left out.

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

export interface Settings {
  host: string;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  totalTimeoutMs: number;
}

/** The options with defaults filled in; `host` names the service in messages (never a path or key). */
export function resolveSettings(options: OpenAIProviderOptions, baseURL: string): Settings {
  return {
    host: hostOf(baseURL),
    requestTimeoutMs: requestTimeoutMs(options),
    idleTimeoutMs: positive(options.idleTimeoutMs, 30_000),
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 3)),
    retryBaseDelayMs: Math.max(0, options.retryBaseDelayMs ?? 500),
    maxRetryDelayMs: Math.max(0, options.maxRetryDelayMs ?? 8_000),
    totalTimeoutMs: positive(options.totalTimeoutMs, 110_000),
  };
}

export function requestTimeoutMs(options: OpenAIProviderOptions): number {
  return positive(options.requestTimeoutMs, 30_000);
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

export function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Number((ms / 1000).toFixed(1));
  return s === 1 ? "1 second" : `${s} seconds`;
}
