import type { Command } from "commander";

import { CliError, resolveFromCwd } from "../cli-support";
import { importDataset } from "../datasets/import-dataset";

const FORMATS = ["mts-csv", "aci-csv", "shared-jsonl"] as const;
type Format = (typeof FORMATS)[number];

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description(
      "Convert a public corpus (MTS-Dialog CSV, ACI-Bench CSV, or the shared JSONL form) to a dataset",
    )
    .requiredOption("--from <format>", FORMATS.join(", "))
    .requiredOption("--input <file>", "the corpus file")
    .requiredOption("--output <file>", "the dataset JSONL to write, e.g. datasets/mts-validation.jsonl")
    .action(async (options: { from: Format; input: string; output: string }) => {
      if (!FORMATS.includes(options.from)) throw new CliError(`--from must be one of ${FORMATS.join(", ")}`);
      const result = await importDataset({
        from: options.from,
        input: resolveFromCwd(options.input),
        output: resolveFromCwd(options.output),
      });
      process.stdout.write(`Wrote ${JSON.stringify(result)} to ${options.output}\n`);
    });
}
