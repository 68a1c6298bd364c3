import path from "node:path";

import type { Command } from "commander";

import type { PromptFile } from "@consult-summary/core/prompts";
import {
  CliError,
  currentGitCommit,
  evalPrices,
  formatScore,
  formatTable,
  loadCatalog,
  openStore,
  parsePositiveInteger,
  repoPath,
  resolveFromCwd,
  type GlobalOptions,
} from "../cli-support";
import { loadDataset } from "../datasets/load-dataset";
import { EXIT } from "../exit-codes";
import { createEvalProvider, EVAL_PROVIDERS, type EvalProviderName } from "../providers/index";
import { createClarityJudge } from "../scoring/clarity-judge";
import { createProgressReporter } from "../run/progress";
import { runEval, type RunEvalOutcome } from "../run/run-eval";
import { rougeVariant } from "../scoring/rouge";
import { readAggregates } from "../store/runs";
import { stemOf } from "../store/snapshots";

interface RunCommandOptions {
  prompt: string;
  dataset: string;
  provider: EvalProviderName;
  concurrency: number;
  limit?: number;
  stem: boolean;
  judge: boolean;
}

function describeRun({ run, resumed, skipped }: RunEvalOutcome): string[] {
  const aggregates = readAggregates(run);
  return [
    run.promptVersion,
    run.id.slice(0, 8) + (resumed ? ` (resumed, ${skipped} done before)` : ""),
    `${aggregates?.cases ?? 0}`,
    `${aggregates?.errors ?? 0}`,
    `${aggregates?.cached ?? 0}`,
    formatScore(aggregates?.rouge1),
    formatScore(aggregates?.rouge2),
    formatScore(aggregates?.rougeL),
    formatScore(aggregates?.rougeLsum),
    rougeVariant(stemOf(run)),
    formatScore(aggregates?.grounding, 3),
    formatScore(aggregates?.factSupport, 3),
    formatScore(aggregates?.conversational, 3),
    aggregates?.judgeClarity === null || aggregates?.judgeClarity === undefined
      ? "—"
      : aggregates.judgeClarity.toFixed(2),
    run.totalCostUsd === null ? "unknown" : `$${run.totalCostUsd.toFixed(4)}`,
    `${formatScore(run.latencyP50Ms, 1)} / ${formatScore(run.latencyP95Ms, 1)}`,
  ];
}

const HEADER = [
  "prompt",
  "run",
  "cases",
  "errors",
  "cached",
  "R1 F1",
  "R2 F1",
  "RL F1",
  "RLsum F1",
  "ROUGE",
  "grounded",
  "fact support",
  "conversational",
  "judge",
  "cost",
  "latency p50/p95 ms",
];

function selectPrompts(options: GlobalOptions, versions: string): PromptFile[] {
  const catalog = loadCatalog(options);
  return versions.split(",").map((version) => {
    const prompt = catalog.get(version.trim());
    if (!prompt)
      throw new CliError(
        `Unknown prompt version "${version}". Known: ${catalog.versions().join(", ")}.`,
        EXIT.error,
      );
    return prompt;
  });
}

export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description("Run prompt versions over a dataset, score every case and store the results")
    .requiredOption("--prompt <versions>", "prompt version(s), comma-separated, e.g. v1,v2")
    .requiredOption("--dataset <file>", "JSONL dataset, e.g. datasets/consultations.jsonl")
    .option("--provider <name>", `one of ${EVAL_PROVIDERS.join(", ")}`, "embedded")
    .option("--concurrency <n>", "cases in flight at once", parsePositiveInteger("--concurrency"), 4)
    .option("--limit <n>", "only the first N cases", parsePositiveInteger("--limit"))
    .option("--no-stem", "score ROUGE without Porter stemming (as ACI-Bench and MEDIQA-Chat report it)")
    .option("--judge", "also grade clarity 1–5 with a model (EVAL_JUDGE_MODEL, OPENAI_API_KEY)", false)
    .action(async (options: RunCommandOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      if (!EVAL_PROVIDERS.includes(options.provider)) {
        throw new CliError(
          `--provider must be one of ${EVAL_PROVIDERS.join(", ")}, got "${options.provider}"`,
        );
      }
      const prompts = selectPrompts(global, options.prompt);
      const datasetPath = resolveFromCwd(options.dataset);
      const loaded = await loadDataset(datasetPath);
      const cases = options.limit ? loaded.cases.slice(0, options.limit) : loaded.cases;
      const evalProvider = createEvalProvider(options.provider);
      const judge = options.judge ? await judgeFromEnv() : undefined;
      const db = openStore(global);

      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(EXIT.interrupted);
        process.stderr.write("\nStopping: finishing the cases in flight (Ctrl-C again to quit now)…\n");
        controller.abort();
      };
      process.on("SIGINT", onSigint);
      const outcomes: RunEvalOutcome[] = [];
      try {
        for (const prompt of prompts) {
          if (controller.signal.aborted) break;
          process.stderr.write(
            `${prompt.version} on ${options.dataset} with ${options.provider} (${cases.length} cases)\n`,
          );
          const reporter = createProgressReporter();
          outcomes.push(
            await runEval({
              db,
              prompt,
              dataset: { path: path.relative(repoPath(), datasetPath), hash: loaded.hash, cases },
              evalProvider,
              prices: evalPrices(),
              concurrency: options.concurrency,
              stem: options.stem,
              gitCommit: currentGitCommit(),
              signal: controller.signal,
              judge,
              onProgress: (state, final) => reporter.update(state, final),
            }),
          );
        }
      } finally {
        process.off("SIGINT", onSigint);
        db.$client.close();
      }
      const finished = outcomes.filter((outcome) => !outcome.interrupted);
      if (finished.length > 0)
        process.stdout.write(`${formatTable([HEADER, ...finished.map(describeRun)])}\n`);
      if (controller.signal.aborted) {
        process.stderr.write("Interrupted. Run the same command again to resume where it stopped.\n");
        process.exitCode = EXIT.interrupted;
      }
    });
}

async function judgeFromEnv() {
  const model = process.env.EVAL_JUDGE_MODEL;
  if (!model)
    throw new CliError("--judge needs EVAL_JUDGE_MODEL (and OPENAI_API_KEY, optionally OPENAI_BASE_URL).");
  const { provider } = createEvalProvider("openai");
  return { model, grade: createClarityJudge(provider, model) };
}
