// /review/compare: the eval package's own compare engine and HTML renderer over the eval store.
import { compareRuns, METRIC_LABELS, type CompareMetric } from "../../eval/src/compare/compare-runs";
import { renderHtml } from "../../eval/src/compare/html/page";
import type { EvalDatabase } from "../../eval/src/store/db";
import { resolveRun, RunNotFoundError } from "../../eval/src/store/runs";
import { loadRunSnapshot } from "../../eval/src/store/snapshots";

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
