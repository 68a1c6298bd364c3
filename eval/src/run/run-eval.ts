import type { ModelPrices } from "@consult-summary/core/prices";
import type { PromptFile } from "@consult-summary/core/prompts";
import type { EvalProvider } from "../providers/index";
import { prepareCacheLookup, putCachedOutputs, type CachedOutput } from "../store/cache";
import type { EvalDatabase } from "../store/db";
import {
  completedCaseIds,
  createRun,
  findResumableRun,
  finishRun,
  insertResults,
  listResultFigures,
  markRunInterrupted,
  type RunIdentity,
} from "../store/runs";
import type { EvalRun } from "../store/schema";
import type { EvalCase } from "../types";
import { evaluateCase, type CaseContext, type ResultRow } from "./case-evaluation";
import type { ProgressState } from "./progress";
import { summarizeResults } from "./run-summary";

export interface RunEvalOptions {
  db: EvalDatabase;
  prompt: PromptFile;
  dataset: { path: string; hash: string; cases: EvalCase[] };
  evalProvider: EvalProvider;
  prices: ModelPrices;
  concurrency: number;
  stem: boolean;
  gitCommit: string | null;
  signal: AbortSignal;
  judge?: { model: string; grade: NonNullable<CaseContext["judge"]> };
  onProgress?: (state: ProgressState, final: boolean) => void;
}

export interface RunEvalOutcome {
  run: EvalRun;
  resumed: boolean;
  interrupted: boolean;
  /** Cases already done by an earlier, interrupted attempt of the same run. */
  skipped: number;
}

// Results are written in batches: one transaction per batch keeps SQLite off the hot path.
const FLUSH_EVERY = 500;

export function runIdentity(
  options: Pick<RunEvalOptions, "prompt" | "dataset" | "evalProvider" | "stem" | "judge" | "gitCommit">,
): RunIdentity {
  const { prompt, dataset, evalProvider } = options;
  return {
    promptId: prompt.id,
    promptVersion: prompt.version,
    promptHash: prompt.hash,
    provider: evalProvider.provider.id,
    model: evalProvider.modelFor(prompt),
    params: JSON.stringify({
      temperature: prompt.temperature,
      maxOutputTokens: prompt.maxOutputTokens,
      stem: options.stem,
      judge: options.judge?.model ?? null,
    }),
    datasetPath: dataset.path,
    datasetHash: dataset.hash,
    caseCount: dataset.cases.length,
    gitCommit: options.gitCommit,
  };
}

export async function runEval(options: RunEvalOptions): Promise<RunEvalOutcome> {
  const { db, prompt, dataset, evalProvider } = options;
  const identity = runIdentity(options);
  const model = identity.model;
  const existing = findResumableRun(db, identity);
  const run = existing ?? createRun(db, identity);
  const done = existing ? completedCaseIds(db, run.id) : new Set<string>();
  const pending = dataset.cases.filter((evalCase) => !done.has(evalCase.id));

  const context: CaseContext = {
    runId: run.id,
    prompt,
    provider: evalProvider.provider,
    model,
    prices: options.prices,
    stem: options.stem,
    signal: options.signal,
    lookupCache: prepareCacheLookup(db),
    judge: options.judge?.grade,
  };

  const progress: ProgressState = { done: 0, total: pending.length, errors: 0, startedAt: performance.now() };
  let rows: ResultRow[] = [];
  let cacheEntries: CachedOutput[] = [];
  const flush = () => {
    insertResults(db, rows);
    putCachedOutputs(db, cacheEntries);
    rows = [];
    cacheEntries = [];
  };

  let next = 0;
  const worker = async () => {
    while (next < pending.length && !options.signal.aborted) {
      const evalCase = pending[next++]!;
      const { row, cacheEntry } = await evaluateCase(context, evalCase);
      // A case cut short by Ctrl-C is not a result: resuming runs it again.
      if (options.signal.aborted && row.errorCode === "cancelled") continue;
      rows.push(row);
      if (cacheEntry) cacheEntries.push(cacheEntry);
      progress.done++;
      if (row.errorCode) progress.errors++;
      if (rows.length >= FLUSH_EVERY) flush();
      options.onProgress?.(progress, false);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, pending.length)) }, worker),
  );
  flush();
  options.onProgress?.(progress, true);

  if (options.signal.aborted) {
    markRunInterrupted(db, run.id);
    return {
      run: { ...run, status: "interrupted" },
      resumed: Boolean(existing),
      interrupted: true,
      skipped: done.size,
    };
  }
  const finished = finishRun(db, run.id, summarizeResults(listResultFigures(db, run.id)));
  return { run: finished, resumed: Boolean(existing), interrupted: false, skipped: done.size };
}
