// /review/compare: the eval package's own compare engine and HTML renderer over the eval store.
import { compareRuns, METRIC_LABELS, renderHtml, type CompareMetric } from "@consult-summary/eval/compare";
import {
  loadRunSnapshot,
  resolveRun,
  RunNotFoundError,
  type EvalDatabase,
} from "@consult-summary/eval/store";

export class CompareInputError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "CompareInputError";
  }
}

function isMetric(value: string): value is CompareMetric {
  return Object.hasOwn(METRIC_LABELS, value);
}

/** The HTML report comparing run B (candidate) against run A (baseline). */
export function compareReportHtml(db: EvalDatabase, a: string, b: string, metric: string): string {
  if (!isMetric(metric))
    throw new CompareInputError("metric must be rougeL, rougeLsum, rouge1 or rouge2", 400);
  try {
    const runA = resolveRun(db, a);
    const runB = resolveRun(db, b);
    const report = compareRuns(loadRunSnapshot(db, runA), loadRunSnapshot(db, runB), { metric });
    return renderHtml(report);
  } catch (error) {
    if (error instanceof RunNotFoundError) throw new CompareInputError(error.message, 404);
    throw error;
  }
}
