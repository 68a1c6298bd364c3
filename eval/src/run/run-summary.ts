import type { ResultFigures, RunAggregates } from "../store/runs";
import type { RougeScores } from "../types";

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((total, value) => total + value, 0) / values.length;
}

/** Nearest-rank percentile of an unsorted list; null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarizeResults(results: ResultFigures[]) {
  const scored = results.filter((result) => result.scores !== null);
  const scores = scored.map((result) => JSON.parse(result.scores!) as RougeScores);
  const metric = (name: keyof RougeScores) => mean(scores.map((score) => score[name].f));
  const aggregates: RunAggregates = {
    cases: results.length,
    scored: scored.length,
    errors: results.filter((result) => result.errorCode !== null).length,
    cached: results.filter((result) => result.cached).length,
    rouge1: metric("rouge1"),
    rouge2: metric("rouge2"),
    rougeL: metric("rougeL"),
    rougeLsum: metric("rougeLsum"),
    grounding: mean(scored.flatMap((result) => (result.grounding === null ? [] : [result.grounding]))),
    factSupport: mean(scored.flatMap((result) => (result.factSupport === null ? [] : [result.factSupport]))),
    conversational: mean(
      scored.flatMap((result) => (result.conversational === null ? [] : [result.conversational])),
    ),
    judgeClarity: mean(
      scored.flatMap((result) => (result.judgeClarity === null ? [] : [result.judgeClarity])),
    ),
  };
  const costs = results.flatMap((result) => (result.costUsd === null ? [] : [result.costUsd]));
  const latencies = results.flatMap((result) => (result.latencyMs === null ? [] : [result.latencyMs]));
  return {
    aggregates,
    totalCostUsd: costs.length === 0 ? null : costs.reduce((total, cost) => total + cost, 0),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
  };
}
