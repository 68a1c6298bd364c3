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
    results: listResults(db, run.id).map((result) => ({
      caseId: result.caseId,
      output: result.output,
      reference: result.reference,
      scores: result.scores ? (JSON.parse(result.scores) as RougeScores) : null,
      grounding: result.grounding,
      latencyMs: result.latencyMs,
      costUsd: result.costUsd,
      errorCode: result.errorCode,
    })),
  };
}
