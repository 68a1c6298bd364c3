import { spawnSync } from "node:child_process";
import { createInterface } from "node:readline";

import type { Command } from "commander";

import { CliError, loadCatalog, openStore, promptIdOf, type GlobalOptions } from "../cli-support";
import { ratedOutputKeys, rateRunOutput } from "../store/ratings";
import { listResults, resolveRun } from "../store/runs";

interface RateOptions {
  prompt: string;
  run?: string;
  rater?: string;
}

function defaultRater(): string | undefined {
  if (process.env.EVAL_RATER) return process.env.EVAL_RATER;
  const email = spawnSync("git", ["config", "user.email"], { encoding: "utf8" });
  return email.status === 0 && email.stdout.trim() ? email.stdout.trim() : undefined;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

export function registerRateCommand(program: Command): void {
  program
    .command("rate")
    .description("Rate the clarity (1–5) of a prompt version's outputs, one case at a time, in the terminal")
    .requiredOption("--prompt <version>", "prompt version whose outputs to rate")
    .option("--run <run>", "which run's outputs (default: the version's latest finished run)")
    .option("--rater <name>", "who is rating (default: EVAL_RATER or git user.email)")
    .action(async (options: RateOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const rater = options.rater ?? defaultRater();
      if (!rater) throw new CliError("Say who is rating: --rater <name> (or set EVAL_RATER).");
      const db = openStore(global);
      try {
        const run = resolveRun(db, options.run ?? options.prompt, { promptId: promptIdOf(global) });
        if (run.promptVersion !== options.prompt) {
          throw new CliError(`Run ${run.id.slice(0, 8)} is of ${run.promptVersion}, not ${options.prompt}.`);
        }
        const current = loadCatalog(global).get(options.prompt);
        if (current && current.hash !== run.promptHash) {
          process.stdout.write(
            `Note: ${options.prompt} has changed since this run; ratings count for the run's version (hash ${run.promptHash.slice(0, 12)}).\n`,
          );
        }
        const rated = ratedOutputKeys(db, run.promptHash, rater);
        const queue = listResults(db, run.id).filter(
          (result) => result.errorCode === null && !rated.has(`${result.caseId}\u0000${result.outputHash}`),
        );
        if (queue.length === 0) {
          process.stdout.write(`Nothing left for ${rater} to rate in run ${run.id.slice(0, 8)}.\n`);
          return;
        }

        const input = createInterface({ input: process.stdin, terminal: false });
        const lines = input[Symbol.asyncIterator]();
        const ask = async (question: string): Promise<string | undefined> => {
          process.stdout.write(question);
          const next = await lines.next();
          return next.done ? undefined : next.value.trim();
        };

        let saved = 0;
        rating: for (const [index, result] of queue.entries()) {
          process.stdout.write(
            `\n━━ Case ${result.caseId} (${index + 1} of ${queue.length}) · prompt ${run.promptVersion} · ${run.provider}/${run.model}\n` +
              `── Consultation\n${indent(result.notes)}\n── Summary\n${indent(result.output)}\n`,
          );
          for (;;) {
            const answer = await ask("Clarity 1–5 (s = skip, q = quit): ");
            if (answer === undefined || answer === "q") break rating;
            if (answer === "s") continue rating;
            if (/^[1-5]$/.test(answer)) {
              const comment = await ask("Comment (optional, Enter to skip): ");
              rateRunOutput(db, run, result, { rater, clarity: Number(answer), comment }, "terminal");
              saved++;
              break;
            }
            process.stdout.write("Please type a digit from 1 to 5, s or q.\n");
          }
        }
        input.close();
        process.stdout.write(
          `\nSaved ${saved} rating(s) by ${rater}. Commit them with: npm run eval -- ratings export --prompt ${run.promptVersion}\n`,
        );
      } finally {
        db.$client.close();
      }
    });
}
