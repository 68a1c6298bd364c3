// Shapes shared across the eval package: datasets, scores, runs and ratings.

/** One evaluation case. `section` set: the reference is that one note section only. */
export interface EvalCase {
  id: string;
  /** The consultation: a transcript or free-text notes. */
  notes: string;
  reference: string;
  section?: string;
  tags?: string[];
}

export interface RougeScore {
  p: number;
  r: number;
  f: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
  rougeLsum: RougeScore;
}

export type { GroundingResult } from "@consult-summary/core/text";

/** Everything `compare` needs about one finished run. */
export interface RunSnapshot {
  id: string;
  label: string;
  promptVersion: string;
  promptHash: string;
  provider: string;
  model: string;
  dataset: string;
  results: RunCaseResult[];
}

export interface RunCaseResult {
  caseId: string;
  output: string;
  reference: string;
  /** null when the case failed (see `errorCode`). */
  scores: RougeScores | null;
  grounding: number | null;
  latencyMs: number | null;
  costUsd: number | null;
  errorCode: string | null;
}
