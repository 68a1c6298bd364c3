// The engine of `compare <runA> <runB>`: pairs two finished runs by case and summarises B − A.

import { rougeVariant, type RougeVariant } from "../scoring/rouge";
import type { RunCaseResult, RunSnapshot } from "../types";
import {
  bootstrapMeanInterval,
  DEFAULT_BOOTSTRAP_SAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  mean,
  type MeanInterval,
} from "./bootstrap";
import { wordDiff, type DiffPart } from "./word-diff";

export type CompareMetric = "rougeL" | "rougeLsum" | "rouge1" | "rouge2";

export const METRIC_LABELS: Record<CompareMetric, string> = {
  rougeL: "ROUGE-L",
  rougeLsum: "ROUGE-Lsum",
  rouge1: "ROUGE-1",
  rouge2: "ROUGE-2",
};

export interface CompareOptions {
  /** ROUGE variant compared (its F1). Default "rougeL". */
  metric?: CompareMetric;
  /** |delta| ≤ tieEpsilon counts as a tie. Default 0.005. */
  tieEpsilon?: number;
  /** Bootstrap resamples for the CI of the mean delta. Default 2,000. */
  bootstrapSamples?: number;
  /** PRNG seed of the bootstrap. Default 1. */
  seed?: number;
  /** How many worst regressions to list (with a word diff). Default 5. */
  worst?: number;
}

export type Outcome = "win" | "tie" | "loss";

/** One run's identity (as in its snapshot) and its totals. */
export interface RunSide extends Omit<RunSnapshot, "results"> {
  /** All results in the run. */
  cases: number;
  /** Results with scores and no error code. */
  scored: number;
  /** Results that failed (an error code or no scores). */
  errors: number;
  /** Failed results by error code ("no-scores" when the code is missing). */
  errorCodes: Record<string, number>;
  /** Mean latency over the run's results that recorded one (null if none). */
  meanLatencyMs: number | null;
  latencyCases: number;
  /** Total cost over the run's results that recorded one (null if none). */
  totalCostUsd: number | null;
  costCases: number;
}

export interface PairedCase {
  caseId: string;
  /** F1 of the chosen metric for A and B. */
  a: number;
  b: number;
  /** b − a */
  delta: number;
  outcome: Outcome;
  groundingA: number | null;
  groundingB: number | null;
  /** groundingB − groundingA when both are present. */
  groundingDelta: number | null;
  factSupportA: number | null;
  factSupportB: number | null;
  /** factSupportB − factSupportA when both are present. */
  factSupportDelta: number | null;
  conversationalA: number | null;
  conversationalB: number | null;
  /** conversationalB − conversationalA when both are present (lower is better). */
  conversationalDelta: number | null;
}

export interface FailedCase {
  caseId: string;
  /** Error code in A / B (null when that side succeeded). */
  errorA: string | null;
  errorB: string | null;
}

export interface Regression extends PairedCase {
  reference: string;
  outputA: string;
  outputB: string;
  /** Word diff of A's output → B's output. */
  diff: DiffPart[];
}

export interface CompareSummary {
  /** Paired cases (scored in both runs). */
  n: number;
  /** Means of the metric's F1 over the paired cases (null when n = 0). */
  meanA: number | null;
  meanB: number | null;
  /** Mean of per-case B − A (null when n = 0). */
  meanDelta: number | null;
  /** Paired-bootstrap percentile interval of the mean delta (null when n = 0). */
  deltaCi: MeanInterval | null;
  wins: number;
  ties: number;
  losses: number;
  /** Grounding over paired cases where both runs have it (null when there are none). */
  grounding: PairedMeans | null;
  /** Fact support over paired cases where both runs have it (null when there are none). */
  factSupport: PairedMeans | null;
  /** Share of conversational sentences over paired cases where both runs have it (lower is better). */
  conversational: PairedMeans | null;
}

export interface PairedMeans {
  n: number;
  meanA: number;
  meanB: number;
  meanDelta: number;
}

export interface CompareReport {
  metric: CompareMetric;
  /** e.g. "ROUGE-L" (figures are its F1). */
  metricLabel: string;
  /** How both runs' ROUGE was computed ("stemmed", "no stemming"); "mixed" when they differ. */
  rougeVariant: RougeVariant | "mixed";
  tieEpsilon: number;
  bootstrapSamples: number;
  seed: number;
  a: RunSide;
  b: RunSide;
  /** Scored in both runs, in A's order. */
  paired: PairedCase[];
  /** Case ids present only in A / only in B. */
  onlyInA: string[];
  onlyInB: string[];
  /** Present in both runs but failed in at least one (excluded from the statistics). */
  failed: FailedCase[];
  summary: CompareSummary;
  /** The most negative deltas among the losses, worst first (at most `worst`). */
  worst: Regression[];
  /** Things the reader should know (different datasets, duplicate case ids, nothing paired). */
  warnings: string[];
}

/** Guards the tie test against floating-point noise such as 0.505 − 0.5 = 0.0050000000000000044. */
const FLOAT_SLACK = 1e-12;

function isFailed(r: RunCaseResult): boolean {
  return r.errorCode !== null || r.scores === null;
}

function errorOf(r: RunCaseResult): string | null {
  return isFailed(r) ? (r.errorCode ?? "no-scores") : null;
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function summariseRun(run: RunSnapshot): RunSide {
  const errorCodes: Record<string, number> = {};
  let errors = 0;
  const latencies: number[] = [];
  const costs: number[] = [];
  for (const r of run.results) {
    const err = errorOf(r);
    if (err !== null) {
      errors++;
      errorCodes[err] = (errorCodes[err] ?? 0) + 1;
    }
    const lat = finiteOrNull(r.latencyMs);
    if (lat !== null) latencies.push(lat);
    const cost = finiteOrNull(r.costUsd);
    if (cost !== null) costs.push(cost);
  }
  return {
    id: run.id,
    label: run.label,
    promptVersion: run.promptVersion,
    promptHash: run.promptHash,
    provider: run.provider,
    model: run.model,
    dataset: run.dataset,
    stem: run.stem ?? null,
    cases: run.results.length,
    scored: run.results.length - errors,
    errors,
    errorCodes,
    meanLatencyMs: mean(latencies),
    latencyCases: latencies.length,
    totalCostUsd: costs.length > 0 ? costs.reduce((s, c) => s + c, 0) : null,
    costCases: costs.length,
  };
}

function indexById(run: RunSnapshot, side: "A" | "B", warnings: string[]): Map<string, RunCaseResult> {
  const byId = new Map<string, RunCaseResult>();
  const dupes = new Set<string>();
  for (const r of run.results) {
    if (byId.has(r.caseId)) dupes.add(r.caseId);
    else byId.set(r.caseId, r);
  }
  if (dupes.size > 0) {
    warnings.push(
      `run ${side} (${run.id}) has duplicate case ids; only the first result of each is compared: ${[...dupes].join(", ")}`,
    );
  }
  return byId;
}

export function outcomeOf(delta: number, tieEpsilon: number): Outcome {
  if (Math.abs(delta) <= tieEpsilon + FLOAT_SLACK) return "tie";
  return delta > 0 ? "win" : "loss";
}

function difference(a: number | null, b: number | null): number | null {
  return a !== null && b !== null ? b - a : null;
}

/** Means of a per-case figure over the paired cases where both runs have it (null when none do). */
function pairedMeans(
  paired: readonly PairedCase[],
  figure: "grounding" | "factSupport" | "conversational",
): PairedMeans | null {
  const both = paired.filter((p) => p[`${figure}Delta`] !== null);
  if (both.length === 0) return null;
  return {
    n: both.length,
    meanA: mean(both.map((p) => p[`${figure}A`] as number)) as number,
    meanB: mean(both.map((p) => p[`${figure}B`] as number)) as number,
    meanDelta: mean(both.map((p) => p[`${figure}Delta`] as number)) as number,
  };
}

/** A display name for a run: its label, else its prompt version, else its id. */
export function runName(side: Pick<RunSide, "label" | "promptVersion" | "id">): string {
  return side.label.trim() || side.promptVersion.trim() || side.id;
}

/** Compares candidate run `b` against baseline run `a` on the cases both scored. */
export function compareRuns(a: RunSnapshot, b: RunSnapshot, options: CompareOptions = {}): CompareReport {
  const metric = options.metric ?? "rougeL";
  const tieEpsilon = options.tieEpsilon ?? 0.005;
  const bootstrapSamples = options.bootstrapSamples ?? DEFAULT_BOOTSTRAP_SAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const worstCount = options.worst ?? 5;
  if (!(metric in METRIC_LABELS)) throw new RangeError(`unknown metric: ${String(metric)}`);
  if (!(tieEpsilon >= 0) || !Number.isFinite(tieEpsilon)) {
    throw new RangeError(`tieEpsilon must be a finite number ≥ 0, got ${tieEpsilon}`);
  }
  if (!Number.isInteger(bootstrapSamples) || bootstrapSamples < 1) {
    throw new RangeError(`bootstrapSamples must be a positive integer, got ${bootstrapSamples}`);
  }
  if (!Number.isInteger(worstCount) || worstCount < 0) {
    throw new RangeError(`worst must be an integer ≥ 0, got ${worstCount}`);
  }

  const warnings: string[] = [];
  if (a.dataset !== b.dataset) {
    warnings.push(`the runs are on different datasets (A: ${a.dataset}, B: ${b.dataset})`);
  }
  if ((a.stem ?? null) !== (b.stem ?? null)) {
    warnings.push(
      `the runs scored ROUGE differently (A: ${rougeVariant(a.stem)}, B: ${rougeVariant(b.stem)}); their ROUGE figures are not comparable`,
    );
  }
  const byIdA = indexById(a, "A", warnings);
  const byIdB = indexById(b, "B", warnings);

  const paired: PairedCase[] = [];
  const failed: FailedCase[] = [];
  const onlyInA: string[] = [];
  const onlyInB: string[] = [];
  const details = new Map<string, { ra: RunCaseResult; rb: RunCaseResult }>();

  for (const [caseId, ra] of byIdA) {
    const rb = byIdB.get(caseId);
    if (!rb) {
      onlyInA.push(caseId);
      continue;
    }
    const fa = finiteOrNull(ra.scores?.[metric]?.f);
    const fb = finiteOrNull(rb.scores?.[metric]?.f);
    const errorA = errorOf(ra) ?? (fa === null ? "invalid-score" : null);
    const errorB = errorOf(rb) ?? (fb === null ? "invalid-score" : null);
    if (errorA !== null || errorB !== null || fa === null || fb === null) {
      failed.push({ caseId, errorA, errorB });
      continue;
    }
    const delta = fb - fa;
    const groundingA = finiteOrNull(ra.grounding);
    const groundingB = finiteOrNull(rb.grounding);
    const factSupportA = finiteOrNull(ra.factSupport);
    const factSupportB = finiteOrNull(rb.factSupport);
    const conversationalA = finiteOrNull(ra.conversational);
    const conversationalB = finiteOrNull(rb.conversational);
    paired.push({
      caseId,
      a: fa,
      b: fb,
      delta,
      outcome: outcomeOf(delta, tieEpsilon),
      groundingA,
      groundingB,
      groundingDelta: difference(groundingA, groundingB),
      factSupportA,
      factSupportB,
      factSupportDelta: difference(factSupportA, factSupportB),
      conversationalA,
      conversationalB,
      conversationalDelta: difference(conversationalA, conversationalB),
    });
    details.set(caseId, { ra, rb });
  }
  for (const caseId of byIdB.keys()) if (!byIdA.has(caseId)) onlyInB.push(caseId);

  if (paired.length === 0) warnings.push("no case was scored in both runs; there is nothing to compare");

  const deltas = paired.map((p) => p.delta);
  const summary: CompareSummary = {
    n: paired.length,
    meanA: mean(paired.map((p) => p.a)),
    meanB: mean(paired.map((p) => p.b)),
    meanDelta: mean(deltas),
    deltaCi: bootstrapMeanInterval(deltas, { samples: bootstrapSamples, seed }),
    wins: paired.filter((p) => p.outcome === "win").length,
    ties: paired.filter((p) => p.outcome === "tie").length,
    losses: paired.filter((p) => p.outcome === "loss").length,
    grounding: pairedMeans(paired, "grounding"),
    factSupport: pairedMeans(paired, "factSupport"),
    conversational: pairedMeans(paired, "conversational"),
  };

  const worst: Regression[] = paired
    .filter((p) => p.outcome === "loss")
    .sort((x, y) => x.delta - y.delta || (x.caseId < y.caseId ? -1 : x.caseId > y.caseId ? 1 : 0))
    .slice(0, worstCount)
    .map((p) => {
      const { ra, rb } = details.get(p.caseId) as { ra: RunCaseResult; rb: RunCaseResult };
      return {
        ...p,
        reference: ra.reference,
        outputA: ra.output,
        outputB: rb.output,
        diff: wordDiff(ra.output, rb.output),
      };
    });

  return {
    metric,
    metricLabel: METRIC_LABELS[metric],
    rougeVariant: (a.stem ?? null) === (b.stem ?? null) ? rougeVariant(a.stem) : "mixed",
    tieEpsilon,
    bootstrapSamples,
    seed,
    a: summariseRun(a),
    b: summariseRun(b),
    paired,
    onlyInA,
    onlyInB,
    failed,
    summary,
    worst,
    warnings,
  };
}
