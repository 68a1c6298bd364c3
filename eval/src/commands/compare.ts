import { writeFileSync } from "node:fs";

import type { Command } from "commander";

import { CliError, openStore, promptIdOf, resolveFromCwd, type GlobalOptions } from "../cli-support";
import { compareRuns } from "../compare/compare-runs";
import { renderHtml } from "../compare/html/page";
import { renderMarkdown } from "../compare/render-markdown";
import { renderTerminal } from "../compare/render-terminal";
import { loadRunSnapshot } from "../store/snapshots";
import { resolveRun } from "../store/runs";

const RENDERERS = { terminal: renderTerminal, markdown: renderMarkdown, html: renderHtml } as const;
type Format = keyof typeof RENDERERS;

interface CompareOptions {
  format: Format;
  output?: string;
  metric: "rouge1" | "rouge2" | "rougeL" | "rougeLsum";
  worst: number;
}

export function registerCompareCommand(program: Command): void {
  program
    .command("compare")
    .description(
      "Compare two runs case by case: deltas with a bootstrap 95% CI, wins/ties/losses, worst regressions",
    )
    .argument("<runA>", "baseline: run id, unique id prefix, or prompt version (its latest finished run)")
    .argument("<runB>", "candidate: same forms")
    .option(
      "--format <format>",
      "terminal, markdown (pull-request comment) or html (self-contained report)",
      "terminal",
    )
    .option("--output <file>", "write the report to a file instead of stdout")
    .option("--metric <metric>", "rouge1, rouge2, rougeL or rougeLsum", "rougeL")
    .option("--worst <n>", "how many regressions to show", (value) => Number(value), 5)
    .action((runA: string, runB: string, options: CompareOptions, command: Command) => {
      if (!(options.format in RENDERERS)) throw new CliError(`--format must be terminal, markdown or html`);
      if (!["rouge1", "rouge2", "rougeL", "rougeLsum"].includes(options.metric)) {
        throw new CliError(`--metric must be rouge1, rouge2, rougeL or rougeLsum`);
      }
      const global = command.optsWithGlobals<GlobalOptions>();
      const db = openStore(global);
      try {
        const promptId = promptIdOf(global);
        const a = loadRunSnapshot(db, resolveRun(db, runA, { promptId }));
        const b = loadRunSnapshot(db, resolveRun(db, runB, { promptId }));
        const report = compareRuns(a, b, { metric: options.metric, worst: options.worst });
        const rendered = RENDERERS[options.format](report);
        if (options.output) {
          writeFileSync(resolveFromCwd(options.output), rendered);
          process.stderr.write(`Wrote ${options.output}\n`);
        } else {
          process.stdout.write(rendered.endsWith("\n") ? rendered : `${rendered}\n`);
        }
      } finally {
        db.$client.close();
      }
    });
}
