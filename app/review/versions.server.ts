// What /review shows for each prompt version: the latest stored eval figures of that exact prompt
// file (its sha256), human clarity, and the deploy gate worked out from stored data only.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";

import { and, desc, eq } from "drizzle-orm";

import type { PromptCatalog, PromptFile } from "@consult-summary/core/prompts";
import { projectPath } from "@consult-summary/core/project-paths";
import {
  CLARITY_CHECK_NAME,
  evaluateGate,
  readGateConfig,
  type GateCheck,
  type GateConfig,
} from "@consult-summary/eval/gate";
import { rougeVariant, type RougeVariant } from "@consult-summary/eval/scoring";
import {
  evalRuns,
  listRuns,
  readAggregates,
  stemOf,
  summarizeClarity,
  type EvalDatabase,
  type EvalRun,
} from "@consult-summary/eval/store";

export interface RunFigures {
  runId: string;
  dataset: string;
  provider: string;
  model: string;
  finishedAt: string | null;
  cases: number;
  errors: number;
  rougeL: number | null;
  rougeLsum: number | null;
  /** How the run scored ROUGE: "stemmed", "no stemming", or "unknown" for runs made before it was recorded. */
  rougeVariant: RougeVariant;
  grounding: number | null;
  /** Total cost divided by the run's cases. */
  costPerRequestUsd: number | null;
  latencyP95Ms: number | null;
}

export interface GateStatus {
  outcome: "pass" | "fail" | "not-evaluated";
  /** "pass", "fail (why)" or "not evaluated (why)". */
  text: string;
  /** How many more human ratings the clarity check waits for (0 once it can decide). */
  ratingsNeeded: number;
  checks: Array<Pick<GateCheck, "name" | "figure" | "threshold" | "result" | "why">>;
}

export interface VersionRow {
  version: string;
  hash: string;
  description: string | null;
  deployed: boolean;
  figures: RunFigures | null;
  clarity: { mean: number | null; count: number };
  gate: GateStatus;
}

export interface VersionsView {
  gate: { clarityTarget: number; minRatings: number; dataset: string; provider: string; metric: string };
  /** The deployed version, or null for a draft note type (ADR 015). */
  deployed: string | null;
  rows: VersionRow[];
}

export function gateConfigPath(): string {
  return projectPath("eval", "gate.config.json");
}

export function loadGateConfig(): GateConfig {
  return readGateConfig(gateConfigPath());
}

/** The latest finished run of exactly this prompt file, optionally only with one provider and dataset. */
export function latestFinishedRun(
  db: EvalDatabase,
  promptHash: string,
  only: { provider?: string; datasetHash?: string; datasetPath?: string } = {},
): EvalRun | undefined {
  const filters = [eq(evalRuns.promptHash, promptHash), eq(evalRuns.status, "finished")];
  if (only.provider) filters.push(eq(evalRuns.provider, only.provider));
  if (only.datasetHash) filters.push(eq(evalRuns.datasetHash, only.datasetHash));
  if (only.datasetPath) filters.push(eq(evalRuns.datasetPath, only.datasetPath));
  return db
    .select()
    .from(evalRuns)
    .where(and(...filters))
    .orderBy(desc(evalRuns.finishedAt), desc(evalRuns.startedAt))
    .get();
}

export function runFigures(run: EvalRun): RunFigures {
  const aggregates = readAggregates(run);
  const cases = aggregates?.cases ?? run.caseCount;
  return {
    runId: run.id,
    dataset: run.datasetPath,
    provider: run.provider,
    model: run.model,
    finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
    cases,
    errors: aggregates?.errors ?? 0,
    rougeL: aggregates?.rougeL ?? null,
    rougeLsum: aggregates?.rougeLsum ?? null,
    rougeVariant: rougeVariant(stemOf(run)),
    grounding: aggregates?.grounding ?? null,
    costPerRequestUsd: run.totalCostUsd !== null && cases > 0 ? run.totalCostUsd / cases : null,
    latencyP95Ms: run.latencyP95Ms,
  };
}

/** Runs on the gate dataset: matched by the file's current sha256 when it is readable, else by path. */
function gateDatasetFilter(config: GateConfig): { datasetHash?: string; datasetPath?: string } {
  const file = projectPath(config.dataset);
  if (!existsSync(file)) return { datasetPath: config.dataset };
  return { datasetHash: createHash("sha256").update(readFileSync(file)).digest("hex") };
}

const stripPrefix = (why: string) => why.replace(/^could not evaluate: /, "");

/** The clarity check's own count: what it still waits for when it cannot decide yet. */
function ratingsNeeded(checks: GateStatus["checks"], clarityCount: number, config: GateConfig): number {
  const clarity = checks.find((check) => check.name === CLARITY_CHECK_NAME);
  return clarity?.result === "cannot-evaluate" ? Math.max(0, config.minRatings - clarityCount) : 0;
}

/**
 * The gate of `npm run eval -- gate`, but never running anything: it uses the latest finished runs
 * already stored for this version and the deployed one on the gate's dataset and provider.
 */
export async function storedGateStatus(
  db: EvalDatabase,
  catalog: PromptCatalog,
  config: GateConfig,
  prompt: PromptFile,
): Promise<GateStatus> {
  const only = { provider: config.provider, ...gateDatasetFilter(config) };
  const finishedRunFor = async (wanted: PromptFile) => latestFinishedRun(db, wanted.hash, only);
  const report = await evaluateGate({ db, catalog, config, version: prompt.version, finishedRunFor });
  const checks = report.checks.map(({ name, figure, threshold, result, why }) => ({
    name,
    figure,
    threshold,
    result,
    why,
  }));
  const needed = ratingsNeeded(checks, summarizeClarity(db, prompt.hash).count, config);
  if (report.outcome === "pass") return { outcome: "pass", text: "pass", ratingsNeeded: needed, checks };
  if (report.outcome === "fail") {
    const why = checks.filter((check) => check.result === "fail").map((check) => check.why);
    return { outcome: "fail", text: `fail (${why.join("; ")})`, ratingsNeeded: needed, checks };
  }
  const why = checks.filter((check) => check.result === "cannot-evaluate").map((check) => check.why);
  return {
    outcome: "not-evaluated",
    text: `not evaluated (${why.map(stripPrefix).join("; ")})`,
    ratingsNeeded: needed,
    checks,
  };
}

/** One note type's versions (its prompt id's catalog; a draft type has no deployed version). */
export async function loadVersionsView(db: EvalDatabase, catalog: PromptCatalog): Promise<VersionsView> {
  const config = loadGateConfig();
  const rows: VersionRow[] = [];
  for (const version of catalog.versions()) {
    const prompt = catalog.get(version)!;
    const run = latestFinishedRun(db, prompt.hash);
    rows.push({
      version,
      hash: prompt.hash,
      description: prompt.description ?? null,
      deployed: prompt.hash === catalog.deployed?.hash,
      figures: run ? runFigures(run) : null,
      clarity: summarizeClarity(db, prompt.hash),
      gate: await storedGateStatus(db, catalog, config, prompt),
    });
  }
  return {
    gate: {
      clarityTarget: config.clarityTarget,
      minRatings: config.minRatings,
      dataset: config.dataset,
      provider: config.provider,
      metric: config.metric,
    },
    deployed: catalog.deployed?.version ?? null,
    rows,
  };
}

/** Recent finished runs, for choosing two to compare. */
export function listFinishedRuns(db: EvalDatabase, limit = 50) {
  return listRuns(db, limit)
    .filter((run) => run.status === "finished")
    .map((run) => ({
      id: run.id,
      promptId: run.promptId,
      version: run.promptVersion,
      label: `${run.promptId} ${run.promptVersion} · ${run.id.slice(0, 8)} · ${run.provider} · ${run.datasetPath}`,
    }));
}
