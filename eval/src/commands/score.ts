import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";

import type { Command } from "commander";

import { CliError, resolveFromCwd } from "../cli-support";
import { EXIT } from "../exit-codes";
import { scorePairLines } from "../scoring/score-pairs";

export function registerScoreCommand(program: Command): void {
  program
    .command("score")
    .description(
      'Score ready-made pairs: JSONL lines {"id","candidate","reference"} → one JSON line of ROUGE scores each',
    )
    .requiredOption("--input <file>", "JSONL file of pairs, or - for standard input")
    .option("--no-stem", "score without Porter stemming")
    .action(async (options: { input: string; stem: boolean }) => {
      const file = options.input === "-" ? undefined : resolveFromCwd(options.input);
      if (file && !existsSync(file)) throw new CliError(`No such file: ${options.input}`);
      const lines = createInterface({
        input: file ? createReadStream(file) : process.stdin,
        crlfDelay: Infinity,
      });
      let buffered = "";
      const { bad } = await scorePairLines(
        lines,
        (line) => {
          buffered += `${line}\n`;
          if (buffered.length > 64 * 1024) {
            process.stdout.write(buffered);
            buffered = "";
          }
        },
        (line) => process.stderr.write(`${line}\n`),
        { stem: options.stem },
      );
      process.stdout.write(buffered);
      if (bad > 0) process.exitCode = EXIT.error;
    });
}
