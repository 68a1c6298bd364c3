// `npm run eval -- <command>`: thin commands over the eval engine (run, score, compare, rate,
// ratings, gate, promote, import, runs). Each command file registers itself; the work lives in
// modules that tests drive directly.
import { Command, CommanderError } from "commander";

import { PromptFileError } from "@consult-summary/core/prompts";
import { CliError } from "./cli-support";
import { registerCompareCommand } from "./commands/compare";
import { registerGateCommand } from "./commands/gate";
import { registerImportCommand } from "./commands/import";
import { registerPromoteCommand } from "./commands/promote";
import { registerRateCommand } from "./commands/rate";
import { registerRatingsCommand } from "./commands/ratings";
import { registerRunCommand } from "./commands/run";
import { registerRunsCommand } from "./commands/runs";
import { registerScoreCommand } from "./commands/score";
import { DatasetError } from "./datasets/load-dataset";
import { EXIT } from "./exit-codes";
import { ProviderConfigError } from "./providers/index";
import { RatingFileError } from "./ratings/ratings-files";
import { RunNotFoundError } from "./store/runs";

const EXPECTED_ERRORS = [
  CliError,
  DatasetError,
  PromptFileError,
  ProviderConfigError,
  RatingFileError,
  RunNotFoundError,
];

export function buildProgram(): Command {
  const program = new Command("eval")
    .description("Score prompt versions on datasets, record human ratings, gate prompt deploys")
    .option("--db <file>", "eval store (default: eval/.data/eval.sqlite, or EVAL_DB)")
    .option("--prompts-dir <dir>", "prompt folder (default: the repository's prompts/)")
    .option(
      "--prompt-id <id>",
      "which prompt (note type): consultation-summary (default), referral-letter, after-visit-summary",
    )
    .showHelpAfterError()
    .exitOverride();
  for (const register of [
    registerRunCommand,
    registerScoreCommand,
    registerCompareCommand,
    registerRateCommand,
    registerRatingsCommand,
    registerGateCommand,
    registerPromoteCommand,
    registerImportCommand,
    registerRunsCommand,
  ]) {
    register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    if (EXPECTED_ERRORS.some((kind) => error instanceof kind)) {
      process.stderr.write(`${(error as Error).message}\n`);
      return error instanceof CliError ? error.exitCode : EXIT.error;
    }
    throw error;
  }
}
