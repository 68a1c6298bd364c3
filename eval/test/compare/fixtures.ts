// Hand-made RunSnapshots for the compare tests (no store, no files).

import type { RougeScores, RunCaseResult, RunSnapshot } from "../../src/types";

/** Scores where every variant has F1 `f` unless overridden. */
export function scores(f: number, overrides: Partial<Record<keyof RougeScores, number>> = {}): RougeScores {
  const s = (v: number) => ({ p: v, r: v, f: v });
  return {
    rouge1: s(overrides.rouge1 ?? f),
    rouge2: s(overrides.rouge2 ?? f),
    rougeL: s(overrides.rougeL ?? f),
    rougeLsum: s(overrides.rougeLsum ?? f),
  };
}

export function ok(caseId: string, f: number, extra: Partial<RunCaseResult> = {}): RunCaseResult {
  return {
    caseId,
    output: `output of ${caseId}`,
    reference: `reference of ${caseId}`,
    scores: scores(f),
    grounding: null,
    latencyMs: 1000,
    costUsd: 0.001,
    errorCode: null,
    ...extra,
  };
}

export function failed(
  caseId: string,
  errorCode = "timeout",
  extra: Partial<RunCaseResult> = {},
): RunCaseResult {
  return {
    caseId,
    output: "",
    reference: `reference of ${caseId}`,
    scores: null,
    grounding: null,
    latencyMs: null,
    costUsd: null,
    errorCode,
    ...extra,
  };
}

export function run(
  id: string,
  promptVersion: string,
  results: RunCaseResult[],
  extra: Partial<RunSnapshot> = {},
): RunSnapshot {
  return {
    id,
    label: promptVersion,
    promptVersion,
    promptHash: `${promptVersion}hash0123456789`,
    provider: "openai",
    model: "gpt-4o-mini",
    dataset: "golden",
    results,
    ...extra,
  };
}
