import { writeFileSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";

import type { PromptFile } from "@consult-summary/core/prompts";
import {
  currentGitCommit,
  evalPrices,
  formatTable,
  loadCatalog,
  openStore,
  repoPath,
  resolveFromCwd,
  type GlobalOptions,
} from "../cli-support";
import { loadDataset } from "../datasets/load-dataset";
import { EXIT } from "../exit-codes";
import { evaluateGate, type GateReport } from "../gate/evaluate-gate";
import { readGateConfig, type GateConfig } from "../gate/gate-config";
import { createEvalProvider } from "../providers/index";
import { importRatingFiles, ratingFilesIn } from "../ratings/ratings-files";
import { runEval, runIdentity } from "../run/run-eval";
import type { EvalDatabase } from "../store/db";
import { findFinishedRun } from "../store/runs";
import type { EvalRun } from "../store/schema";
import { DEFAULT_RATINGS_DIR } from "./ratings";

export interface GateOptions {
  prompt: string;
  config: string;
  ratingsDir: string;
  markdown?: string;
}

const OUTCOME_EXIT = {
  pass: EXIT.ok,
  fail: EXIT.gateFailed,
  "cannot-evaluate": EXIT.cannotEvaluate,
} as const;
const OUTCOME_TEXT = {
  pass: "PASS",
  fail: "FAIL",
  "cannot-evaluate": "COULD NOT EVALUATE",
} as const;

/** Reuses a finished run of exactly this prompt on the gate dataset, or runs it now (cached outputs cost nothing). */
function finishedRunFinder(db: EvalDatabase, config: GateConfig) {
  return async (prompt: PromptFile): Promise<EvalRun> => {
    const datasetPath = path.resolve(repoPath(), config.dataset);
    const { cases, hash } = await loadDataset(datasetPath);
    const options = {
      db,
      prompt,
      dataset: { path: path.relative(repoPath(), datasetPath), hash, cases },
      evalProvider: createEvalProvider(config.provider),
      prices: evalPrices(),
      concurrency: 4,
      stem: true,
      gitCommit: currentGitCommit(),
      signal: new AbortController().signal,
    };
    const existing = findFinishedRun(db, runIdentity(options));
    if (existing) return existing;
    process.stderr.write(`Running ${prompt.version} on ${config.dataset} with ${config.provider}…\n`);
    return (await runEval(options)).run;
  };
}

export function renderGateTable(report: GateReport): string {
  const rows = [["check", "figure", "threshold", "result", "why"]];
  for (const check of report.checks) {
    rows.push([check.name, check.figure, check.threshold, OUTCOME_TEXT[check.result], check.why]);
  }
  return `Gate for prompt ${report.version}: ${OUTCOME_TEXT[report.outcome]}\n${formatTable(rows)}\n`;
}

export function renderGateMarkdown(report: GateReport): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|");
  const rows = report.checks.map(
    (check) =>
      `| ${escape(check.name)} | ${escape(check.figure)} | ${escape(check.threshold)} | ${OUTCOME_TEXT[check.result]} | ${escape(check.why)} |`,
  );
  return [
    `### Prompt gate for ${report.version}: ${OUTCOME_TEXT[report.outcome]}`,
    "",
    "| check | figure | threshold | result | why |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

export async function runGate(options: GateOptions, global: GlobalOptions): Promise<GateReport> {
  const config = readGateConfig(resolveFromCwd(options.config));
  // The same thresholds for every prompt id; --prompt-id names it, else the config's promptId.
  const catalog = loadCatalog({ ...global, promptId: global.promptId ?? config.promptId });
  const db = openStore(global);
  try {
    importRatingFiles(db, ratingFilesIn(resolveFromCwd(options.ratingsDir)));
    return await evaluateGate({
      db,
      catalog,
      config,
      version: options.prompt,
      finishedRunFor: finishedRunFinder(db, config),
    });
  } finally {
    db.$client.close();
  }
}

export function registerGateCommand(program: Command): void {
  program
    .command("gate")
    .description(
      `Exit 0 only if a prompt version meets the deploy gate (exit ${EXIT.gateFailed}: failed; ${EXIT.cannotEvaluate}: could not evaluate)`,
    )
    .requiredOption("--prompt <version>", "prompt version to check")
    .option("--config <file>", "gate settings", repoPath("eval", "gate.config.json"))
    .option("--ratings-dir <dir>", "committed human ratings, imported first", repoPath(DEFAULT_RATINGS_DIR))
    .option("--markdown <file>", "also write the result as Markdown (for a pull-request comment)")
    .action(async (options: GateOptions, command: Command) => {
      const report = await runGate(options, command.optsWithGlobals<GlobalOptions>());
      process.stdout.write(renderGateTable(report));
      if (options.markdown) writeFileSync(resolveFromCwd(options.markdown), renderGateMarkdown(report));
      process.exitCode = OUTCOME_EXIT[report.outcome];
    });
}

export { OUTCOME_EXIT };
