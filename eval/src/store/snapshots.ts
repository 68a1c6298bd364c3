import type { RougeScores, RunSnapshot } from "../types";
import type { EvalDatabase } from "./db";
import { listResults } from "./runs";
import type { EvalRun } from "./schema";

export function loadRunSnapshot(db: EvalDatabase, run: EvalRun): RunSnapshot {
  return {
    id: run.id,
    label: `${run.promptVersion} · ${run.provider}`,
    promptVersion: run.promptVersion,
    promptHash: run.promptHash,
    provider: run.provider,
    model: run.model,
    dataset: run.datasetPath,
    stem: stemOf(run),
    results: listResults(db, run.id).map((result) => ({
      caseId: result.caseId,
      output: result.output,
      reference: result.reference,
      scores: result.scores ? (JSON.parse(result.scores) as RougeScores) : null,
      grounding: result.grounding,
      factSupport: result.factSupport,
      conversational: result.conversational,
      latencyMs: result.latencyMs,
      costUsd: result.costUsd,
      errorCode: result.errorCode,
    })),
  };
}

/** Whether the run scored ROUGE with stemming, from its parameters; null when they do not say. */
export function stemOf(run: Pick<EvalRun, "params">): boolean | null {
  try {
    const params = JSON.parse(run.params) as { stem?: unknown };
    return typeof params.stem === "boolean" ? params.stem : null;
  } catch {
    return null;
  }
}
