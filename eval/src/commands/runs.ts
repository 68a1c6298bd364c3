import type { Command } from "commander";

import { formatScore, formatTable, openStore, type GlobalOptions } from "../cli-support";
import { rougeVariant } from "../scoring/rouge";
import { listRuns, readAggregates } from "../store/runs";
import { stemOf } from "../store/snapshots";

export function registerRunsCommand(program: Command): void {
  program
    .command("runs")
    .description("List recent runs")
    .option("--limit <n>", "how many", (value) => Number(value), 20)
    .action((options: { limit: number }, command: Command) => {
      const db = openStore(command.optsWithGlobals<GlobalOptions>());
      try {
        const rows = listRuns(db, options.limit).map((run) => {
          const aggregates = readAggregates(run);
          return [
            run.id.slice(0, 8),
            run.promptVersion,
            `${run.provider}/${run.model}`,
            run.datasetPath,
            run.status,
            `${aggregates?.cases ?? "—"}`,
            formatScore(aggregates?.rougeL),
            formatScore(aggregates?.rougeLsum),
            rougeVariant(stemOf(run)),
            formatScore(aggregates?.factSupport, 3),
            formatScore(aggregates?.conversational, 3),
            run.startedAt.toISOString().slice(0, 19).replace("T", " "),
          ];
        });
        if (rows.length === 0)
          process.stdout.write(
            "No runs yet. Start one with: npm run eval -- run --prompt v1 --dataset datasets/consultations.jsonl\n",
          );
        else
          process.stdout.write(
            `${formatTable([["run", "prompt", "provider/model", "dataset", "status", "cases", "RL F1", "RLsum F1", "ROUGE", "fact support", "conversational", "started (UTC)"], ...rows])}\n`,
          );
      } finally {
        db.$client.close();
      }
    });
}
