import type { Summary } from "../db/schema.server";
import type { DatabaseProblem } from "../db/store.server";
import { isRetryableErrorCode } from "@consult-summary/core/summarizers";
import type { MetaEventData, TerminalEvent } from "./summary-events";

export function metaFromSummary(summary: Summary): MetaEventData {
  return {
    consultationId: summary.consultationId,
    summaryId: summary.id,
    promptVersion: summary.promptVersion,
    provider: summary.provider,
    model: summary.model,
  };
}

/** The final event of a summary that is no longer generating, rebuilt from its stored row. */
export function terminalFromSummary(summary: Summary): TerminalEvent {
  if (summary.status === "complete") {
    return {
      event: "done",
      data: {
        summaryId: summary.id,
        status: "complete",
        usage: {
          inputTokens: summary.inputTokens ?? 0,
          outputTokens: summary.outputTokens ?? 0,
          estimated: summary.tokensEstimated ?? true,
        },
        costUsd: summary.costUsd,
        ttftMs: summary.ttftMs,
        latencyMs: summary.latencyMs ?? 0,
      },
    };
  }
  const code = summary.errorCode ?? (summary.status === "cancelled" ? "cancelled" : "interrupted");
  return {
    event: "error",
    data: {
      code,
      message: summary.errorMessage ?? "This summary did not finish.",
      retryable: isRetryableErrorCode(code),
    },
  };
}

/** The final event of a summary that ended because of the database's state (always retryable). */
export function databaseProblemEvent(problem: DatabaseProblem): Extract<TerminalEvent, { event: "error" }> {
  return { event: "error", data: { code: problem.code, message: problem.message, retryable: true } };
}
