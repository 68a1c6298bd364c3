import { randomUUID } from "node:crypto";

import { and, desc, eq, inArray, like } from "drizzle-orm";

import type { EvalDatabase } from "./db";
import { evalResults, evalRuns, type EvalResult, type EvalRun } from "./schema";

export interface RunIdentity {
  promptId: string;
  promptVersion: string;
  promptHash: string;
  provider: string;
  model: string;
  params: string;
  datasetPath: string;
  datasetHash: string;
  caseCount: number;
  gitCommit: string | null;
}

export interface RunAggregates {
  cases: number;
  scored: number;
  errors: number;
  cached: number;
  rouge1: number | null;
  rouge2: number | null;
  rougeL: number | null;
  rougeLsum: number | null;
  grounding: number | null;
  /** Mean per-case fact support (absent in runs stored before it existed). */
  factSupport?: number | null;
  /** Mean per-case share of conversational sentences, lower is better (absent in older runs). */
  conversational?: number | null;
  judgeClarity: number | null;
}

export function createRun(db: EvalDatabase, identity: RunIdentity): EvalRun {
  return db
    .insert(evalRuns)
    .values({ id: randomUUID(), ...identity, status: "running", startedAt: new Date() })
    .returning()
    .get();
}

type RunKey = Omit<RunIdentity, "gitCommit" | "datasetPath" | "promptId" | "promptVersion">;

/** The latest run with exactly this prompt file, provider, model, parameters and dataset, in one of these states. */
function findLatestRun(
  db: EvalDatabase,
  identity: RunKey,
  statuses: EvalRun["status"][],
): EvalRun | undefined {
  return db
    .select()
    .from(evalRuns)
    .where(
      and(
        eq(evalRuns.promptHash, identity.promptHash),
        eq(evalRuns.provider, identity.provider),
        eq(evalRuns.model, identity.model),
        eq(evalRuns.params, identity.params),
        eq(evalRuns.datasetHash, identity.datasetHash),
        eq(evalRuns.caseCount, identity.caseCount),
        inArray(evalRuns.status, statuses),
      ),
    )
    .orderBy(desc(evalRuns.startedAt))
    .get();
}

/** An unfinished run of the same identity, to resume. */
export function findResumableRun(db: EvalDatabase, identity: RunKey): EvalRun | undefined {
  return findLatestRun(db, identity, ["running", "interrupted"]);
}

/** The latest finished run of the same identity, to reuse. */
export function findFinishedRun(db: EvalDatabase, identity: RunKey): EvalRun | undefined {
  return findLatestRun(db, identity, ["finished"]);
}

export function markRunInterrupted(db: EvalDatabase, runId: string): void {
  db.update(evalRuns).set({ status: "interrupted" }).where(eq(evalRuns.id, runId)).run();
}

export function finishRun(
  db: EvalDatabase,
  runId: string,
  summary: {
    aggregates: RunAggregates;
    totalCostUsd: number | null;
    latencyP50Ms: number | null;
    latencyP95Ms: number | null;
  },
): EvalRun {
  return db
    .update(evalRuns)
    .set({
      status: "finished",
      finishedAt: new Date(),
      aggregates: JSON.stringify(summary.aggregates),
      totalCostUsd: summary.totalCostUsd,
      latencyP50Ms: summary.latencyP50Ms,
      latencyP95Ms: summary.latencyP95Ms,
    })
    .where(eq(evalRuns.id, runId))
    .returning()
    .get();
}

export function readAggregates(run: EvalRun): RunAggregates | null {
  return run.aggregates ? (JSON.parse(run.aggregates) as RunAggregates) : null;
}

export class RunNotFoundError extends Error {
  constructor(reference: string, detail: string) {
    super(`No eval run matches "${reference}": ${detail}`);
    this.name = "RunNotFoundError";
  }
}

/**
 * Finds a run by full id, by a unique id prefix, or by prompt version (the latest finished run of
 * that version, optionally of one prompt id and on one dataset).
 */
export function resolveRun(
  db: EvalDatabase,
  reference: string,
  { datasetHash, promptId }: { datasetHash?: string; promptId?: string } = {},
): EvalRun {
  const byId = db.select().from(evalRuns).where(eq(evalRuns.id, reference)).get();
  if (byId) return byId;
  if (/^v\d+$/.test(reference)) {
    const filters = [eq(evalRuns.promptVersion, reference), eq(evalRuns.status, "finished")];
    if (datasetHash) filters.push(eq(evalRuns.datasetHash, datasetHash));
    if (promptId) filters.push(eq(evalRuns.promptId, promptId));
    const latest = db
      .select()
      .from(evalRuns)
      .where(and(...filters))
      .orderBy(desc(evalRuns.finishedAt))
      .get();
    if (!latest) throw new RunNotFoundError(reference, "no finished run of that prompt version");
    return latest;
  }
  if (reference.length >= 4) {
    const matches = db
      .select()
      .from(evalRuns)
      .where(like(evalRuns.id, `${reference}%`))
      .limit(2)
      .all();
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw new RunNotFoundError(reference, "the prefix matches several runs");
  }
  throw new RunNotFoundError(reference, "use a run id, a unique id prefix, or a prompt version like v2");
}

export function listRuns(db: EvalDatabase, limit = 20): EvalRun[] {
  return db.select().from(evalRuns).orderBy(desc(evalRuns.startedAt)).limit(limit).all();
}

// Multi-row inserts: one statement per chunk instead of one per row (SQLite allows 32,766
// bound values per statement; a result row binds about 25).
const INSERT_CHUNK = 500;

export function insertResults(db: EvalDatabase, rows: Array<typeof evalResults.$inferInsert>): void {
  if (rows.length === 0) return;
  db.transaction((tx) => {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      tx.insert(evalResults)
        .values(rows.slice(start, start + INSERT_CHUNK))
        .run();
    }
  });
}

/** Only what run aggregates need: no texts, so summing up a large run stays small. */
export function listResultFigures(db: EvalDatabase, runId: string) {
  return db
    .select({
      scores: evalResults.scores,
      grounding: evalResults.grounding,
      factSupport: evalResults.factSupport,
      conversational: evalResults.conversational,
      judgeClarity: evalResults.judgeClarity,
      costUsd: evalResults.costUsd,
      latencyMs: evalResults.latencyMs,
      cached: evalResults.cached,
      errorCode: evalResults.errorCode,
    })
    .from(evalResults)
    .where(eq(evalResults.runId, runId))
    .all();
}

export type ResultFigures = ReturnType<typeof listResultFigures>[number];

export function listResults(db: EvalDatabase, runId: string): EvalResult[] {
  return db.select().from(evalResults).where(eq(evalResults.runId, runId)).all();
}

export function completedCaseIds(db: EvalDatabase, runId: string): Set<string> {
  const rows = db
    .select({ caseId: evalResults.caseId })
    .from(evalResults)
    .where(eq(evalResults.runId, runId))
    .all();
  return new Set(rows.map((row) => row.caseId));
}
