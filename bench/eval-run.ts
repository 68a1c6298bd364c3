// Times a whole `eval run` of the 1,201 MTS-Dialog training cases with the embedded summarizer
// (all scorers, results stored in a fresh SQLite file) and, for scale, promptfoo running the same
// cases with a trivial three-sentence provider and one js-rouge assertion. Wall time and peak
// memory (max RSS) of each whole process, side by side.
//
//   npx tsx bench/eval-run.ts [--dataset ../shared/datasets/mts-dialog-train.jsonl] [--repeat 3]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    dataset: { type: "string", default: path.resolve(root, "../shared/datasets/mts-dialog-train.jsonl") },
    repeat: { type: "string", default: "3" },
  },
});
const dataset = path.resolve(values.dataset!);
if (!existsSync(dataset)) {
  console.log(
    `No dataset at ${dataset}: this benchmark needs the public MTS-Dialog split (see datasets/README.md).`,
  );
  process.exit(0);
}

// Python's resource module reports the peak RSS of the child process tree's largest member.
const MEASURE = `
import resource, subprocess, sys, time, json
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(json.dumps({"exit": done.returncode, "wall": time.perf_counter() - start,
                  "peakMiB": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
`;

interface Measurement {
  exit: number;
  wall: number;
  peakMiB: number;
}

function measure(command: string[], env: NodeJS.ProcessEnv, cwd = root): Measurement {
  const result = spawnSync("python3", ["-c", MEASURE, ...command], { cwd, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`measuring failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Measurement;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function ours(): Measurement {
  const store = path.join(mkdtempSync(path.join(tmpdir(), "bench-eval-")), "eval.sqlite");
  const command = [
    "node",
    "eval/scripts/eval.ts",
    "run",
    "--prompt",
    "v1",
    "--dataset",
    dataset,
    "--provider",
    "embedded",
  ];
  return measure(command, { ...process.env, EVAL_DB: store });
}

function promptfooProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-promptfoo-"));
  const rows = readFileSync(dataset, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { dialogue: string; reference: string });
  writeFileSync(
    path.join(dir, "tests.json"),
    JSON.stringify(rows.map((row) => ({ vars: { dialogue: row.dialogue, reference: row.reference } }))),
  );
  writeFileSync(
    path.join(dir, "lead3.mjs"),
    `export default class Lead3 {
  id() { return "lead-3"; }
  async callApi(prompt) {
    return { output: prompt.split(/(?<=[.!?])\\s+|\\n/).filter(Boolean).slice(0, 3).join("\\n") };
  }
}
`,
  );
  const jsRouge = createRequire(path.join(root, "package.json")).resolve("js-rouge");
  writeFileSync(
    path.join(dir, "rouge.cjs"),
    `const rouge = require(${JSON.stringify(jsRouge)});
module.exports = (output, context) => rouge.l(output, context.vars.reference);
`,
  );
  writeFileSync(
    path.join(dir, "promptfooconfig.yaml"),
    `prompts: ["{{dialogue}}"]
providers: ["file://lead3.mjs"]
tests: file://tests.json
defaultTest:
  assert:
    - type: javascript
      value: file://rouge.cjs
`,
  );
  return dir;
}

function promptfoo(dir: string): Measurement {
  const entrypoint = path.join(
    path.dirname(createRequire(path.join(root, "eval", "package.json")).resolve("promptfoo")),
    "entrypoint.js",
  );
  return measure(
    ["node", entrypoint, "eval", "-c", "promptfooconfig.yaml", "--no-cache", "--no-write", "--no-table"],
    {
      ...process.env,
      PROMPTFOO_DISABLE_TELEMETRY: "1",
      PROMPTFOO_DISABLE_UPDATE: "1",
      PROMPTFOO_DISABLE_SHARING: "1",
      PROMPTFOO_CONFIG_DIR: path.join(dir, ".promptfoo"),
    },
    dir,
  );
}

const repeat = Number(values.repeat);
const cases = readFileSync(dataset, "utf8").trim().split("\n").length;
console.log(`${cases} cases from ${path.relative(process.cwd(), dataset)}; median of ${repeat} runs each\n`);
ours(); // builds the CLI bundle if needed and warms V8's compile cache
const oursRuns = Array.from({ length: repeat }, ours);
const project = promptfooProject();
const theirRuns = Array.from({ length: repeat }, () => promptfoo(project));
for (const run of [...oursRuns, ...theirRuns])
  if (run.exit !== 0 && run.exit !== 100) throw new Error(`a run exited ${run.exit}`);

const rows = [
  ["eval run (embedded, ROUGE 1/2/L/Lsum + grounding, stored)", oursRuns],
  ["promptfoo 0.123 (lead-3 provider, one js-rouge assertion)", theirRuns],
] as const;
for (const [label, runs] of rows) {
  console.log(
    `${label.padEnd(60)} wall ${median(runs.map((r) => r.wall)).toFixed(2)} s   peak ${median(runs.map((r) => r.peakMiB)).toFixed(0)} MiB`,
  );
}
const wallRatio = median(theirRuns.map((r) => r.wall)) / median(oursRuns.map((r) => r.wall));
const memoryRatio = median(theirRuns.map((r) => r.peakMiB)) / median(oursRuns.map((r) => r.peakMiB));
console.log(
  `\npromptfoo / ours: ${wallRatio.toFixed(1)}× the wall time, ${memoryRatio.toFixed(1)}× the peak memory`,
);
