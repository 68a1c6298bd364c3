import { spawnSync } from "node:child_process";
import path from "node:path";

import { parseModelPrices, type ModelPrices } from "@consult-summary/core/prices";
import { loadPromptCatalog, SUMMARY_PROMPT_ID, type PromptCatalog } from "@consult-summary/core/prompts";
import { projectPath } from "@consult-summary/core/project-paths";
import { EXIT } from "./exit-codes";
import { BASELINE_PRICES } from "./providers/baselines";
import { openEvalDatabase, type EvalDatabase } from "./store/db";

/** An error the CLI reports as one clear message with a chosen exit code (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export interface GlobalOptions {
  db?: string;
  promptsDir?: string;
  /** Which prompt's versions the command works on (`--prompt-id`); the clinical note's when absent. */
  promptId?: string;
}

export function repoPath(...segments: string[]): string {
  return projectPath(...segments);
}

/** Paths on the command line are relative to where the user is, not to the package. */
export function resolveFromCwd(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

export function openStore(options: GlobalOptions): EvalDatabase {
  return openEvalDatabase(options.db ? resolveFromCwd(options.db) : undefined);
}

export function promptIdOf(options: GlobalOptions): string {
  return options.promptId ?? SUMMARY_PROMPT_ID;
}

export function loadCatalog(options: GlobalOptions): PromptCatalog {
  return loadPromptCatalog(
    promptIdOf(options),
    options.promptsDir ? resolveFromCwd(options.promptsDir) : undefined,
  );
}

export function evalPrices(env: NodeJS.ProcessEnv = process.env): ModelPrices {
  return { ...parseModelPrices(env.MODEL_PRICES || undefined), ...BASELINE_PRICES };
}

export function currentGitCommit(): string | null {
  const result = spawnSync("git", ["rev-parse", "HEAD"], { cwd: repoPath(), encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

export function parsePositiveInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new CliError(`${name} must be a whole number ≥ 1, got "${value}"`);
    return parsed;
  };
}

export function formatScore(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined ? "n/a" : value.toFixed(digits);
}

export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
