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
  /** Whether ROUGE was scored with Porter stemming (the run's `params.stem`); null when unknown. */
  stem?: boolean | null;
  results: RunCaseResult[];
}

export interface RunCaseResult {
  caseId: string;
  output: string;
  reference: string;
  /** null when the case failed (see `errorCode`). */
  scores: RougeScores | null;
  grounding: number | null;
  /** Share of output sentences the fact check finds nothing wanting in (absent in older runs). */
  factSupport?: number | null;
  /** Share of output sentences in conversational register, lower is better (absent in older runs). */
  conversational?: number | null;
  latencyMs: number | null;
  costUsd: number | null;
  errorCode: string | null;
}
