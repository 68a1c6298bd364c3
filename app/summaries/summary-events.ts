// The SSE contract between the server and every client (browser page, API callers, tests).
// All `data` is JSON, so newlines inside text never break SSE framing.

export interface MetaEventData {
  consultationId: string;
  summaryId: string;
  promptVersion: string;
  provider: string;
  model: string;
}

export interface DeltaEventData {
  text: string;
}

export interface DoneEventData {
  summaryId: string;
  status: "complete";
  usage: { inputTokens: number; outputTokens: number; estimated: boolean };
  costUsd: number | null;
  ttftMs: number | null;
  latencyMs: number;
}

export interface ErrorEventData {
  code: string;
  message: string;
  retryable: boolean;
}

export type SummaryEvent =
  | { event: "meta"; data: MetaEventData }
  | { event: "delta"; data: DeltaEventData }
  | { event: "done"; data: DoneEventData }
  | { event: "error"; data: ErrorEventData };

export type TerminalEvent = Extract<SummaryEvent, { event: "done" | "error" }>;

export const SUMMARY_EVENT_NAMES = ["meta", "delta", "done", "error"] as const;
