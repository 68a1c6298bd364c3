// The provider contract shared by the web app and the eval package.
// Nothing here may import Remix: eval runs exactly this code.

export interface SummarySection {
  /** Stable key, e.g. `chief_complaint`. */
  key: string;
  /** Heading shown to the clinician, e.g. `Chief complaint`. */
  title: string;
  /** What belongs in the section; used in model prompts. */
  description?: string;
}

export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

export interface SummaryRequest {
  /** The consultation text: a doctor–patient transcript or free-text notes. */
  notes: string;
  /** Sections the summary is written under, in order. */
  sections: SummarySection[];
  /** The rendered prompt messages (model providers send these; the embedded one ignores them). */
  messages: ChatMessage[];
  model: string;
  temperature: number;
  maxOutputTokens: number;
  signal: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** True when counted locally with a tokenizer rather than reported by the provider. */
  estimated: boolean;
}

export type SummaryChunk = { type: "delta"; text: string } | ({ type: "usage" } & TokenUsage);

export interface SummaryProvider {
  readonly id: string;
  /**
   * Streams text deltas, then at most one usage chunk (none when the service reports no usage:
   * callers estimate it from the text). Throws SummaryError on failure.
   */
  stream(request: SummaryRequest): AsyncIterable<SummaryChunk>;
}

export type SummaryErrorCode =
  | "cancelled"
  | "upstream_auth"
  | "model_not_found"
  | "rate_limited"
  | "upstream_error"
  | "upstream_timeout"
  | "upstream_unreachable"
  | "bad_request"
  | "interrupted"
  | "database_unavailable"
  | "database_full"
  | "processing_timeout"
  | "server_busy"
  | "storage_failed"
  | "internal_error";

const RETRYABLE_CODES: ReadonlySet<SummaryErrorCode> = new Set([
  "cancelled",
  "interrupted",
  "rate_limited",
  "upstream_error",
  "upstream_timeout",
  "upstream_unreachable",
  "database_unavailable",
  "server_busy",
]);

/** Whether trying again (Regenerate) may succeed without anyone changing anything. */
export function isRetryableErrorCode(code: string): boolean {
  return RETRYABLE_CODES.has(code as SummaryErrorCode);
}

export class SummaryError extends Error {
  readonly code: SummaryErrorCode;
  readonly retryable: boolean;

  constructor(
    code: SummaryErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "SummaryError";
    this.code = code;
    this.retryable = options.retryable ?? isRetryableErrorCode(code);
  }
}
