// Throughput of the eval ROUGE scorer (ROUGE-1/2/L/Lsum, stemming on) vs js-rouge's defaults.
//
//   npx tsx bench/score-throughput.ts [--n 5000]
//
// Pairs: MTS-Dialog train (<repo>/../shared/datasets/mts-dialog-train.jsonl), candidate = dialogue,
// reference = reference summary, cycled up to N; synthetic text of similar size when the file is absent.
// Both scorers get a short warm-up first; ours is timed from raw strings (tokenizing included).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { l as jsRougeL, n as jsRougeN } from "js-rouge";

import { scoreRouge } from "@consult-summary/eval/scoring";

interface Pair {
  candidate: string;
  reference: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const datasetFile = resolve(root, "../shared/datasets/mts-dialog-train.jsonl");

function argN(): number {
  const i = process.argv.indexOf("--n");
  const value = i >= 0 ? Number(process.argv[i + 1]) : 5000;
  if (!Number.isInteger(value) || value <= 0) throw new Error("--n must be a positive integer");
  return value;
}

function loadPairs(n: number): { pairs: Pair[]; source: string } {
  let base: Pair[] = [];
  let source = "synthetic";
  if (existsSync(datasetFile)) {
    base = readFileSync(datasetFile, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { dialogue: string; reference: string })
      .filter((r) => r.dialogue.trim() !== "" && r.reference.trim() !== "")
      .map((r) => ({ candidate: r.dialogue, reference: r.reference }));
    source = `MTS-Dialog train (${base.length} rows)`;
  }
  if (base.length === 0) base = syntheticPairs(200);
  return { pairs: Array.from({ length: n }, (_, i) => base[i % base.length]!), source };
}

/** ~110-token dialogues (lines "Doctor: …"/"Patient: …") and ~40-token references. */
function syntheticPairs(count: number): Pair[] {
  const words = (
    "patient doctor pain chest headache blood pressure medication daily history fever cough nausea " +
    "vomiting weeks days started worse better taking prescribed hypertension diabetes follow up clinic " +
    "today feeling since morning night sleep breathing shortness swelling left right knee back"
  ).split(" ");
  let seed = 42;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const sentence = (len: number) =>
    Array.from({ length: len }, () => words[Math.floor(rnd() * words.length)]).join(" ");
  return Array.from({ length: count }, () => ({
    candidate: Array.from({ length: 8 }, (_, i) => `${i % 2 ? "Patient" : "Doctor"}: ${sentence(13)}.`).join(
      "\n",
    ),
    reference: `${sentence(20)}. ${sentence(20)}.`,
  }));
}

function time(label: string, pairs: Pair[], fn: (p: Pair) => void): number {
  for (const p of pairs.slice(0, 200)) fn(p); // warm-up
  const start = performance.now();
  for (const p of pairs) fn(p);
  const seconds = (performance.now() - start) / 1000;
  const rate = pairs.length / seconds;
  console.log(`${label.padEnd(52)} ${rate.toFixed(0).padStart(7)} pairs/s  (${seconds.toFixed(2)} s)`);
  return rate;
}

const n = argN();
const { pairs, source } = loadPairs(n);
console.log(`${n} pairs from ${source}`);
let sink = 0;
time("ours: rouge1+rouge2+rougeL+rougeLsum, stemmed", pairs, (p) => {
  sink += scoreRouge(p.candidate, p.reference, { stem: true }).rougeLsum.f;
});
time("ours: rouge1+rouge2+rougeL+rougeLsum, --no-stem", pairs, (p) => {
  sink += scoreRouge(p.candidate, p.reference, { stem: false }).rougeLsum.f;
});
time("js-rouge defaults: n(1) + n(2) + l()", pairs, (p) => {
  sink += jsRougeN(p.candidate, p.reference, { n: 1 });
  sink += jsRougeN(p.candidate, p.reference, { n: 2 });
  sink += jsRougeL(p.candidate, p.reference);
});
if (Number.isNaN(sink)) console.log("(NaN in results)");

// The whole `eval score` command, as a user runs it: process start, reading JSONL, writing JSONL.
const input = join(mkdtempSync(join(tmpdir(), "bench-score-")), "pairs.jsonl");
writeFileSync(
  input,
  pairs
    .map((p, id) => `${JSON.stringify({ id, candidate: p.candidate, reference: p.reference })}\n`)
    .join(""),
);
spawnSync(process.execPath, [join(root, "eval/scripts/eval.ts"), "score", "--input", input], {
  stdio: "ignore",
}); // warm-up
const started = performance.now();
const cli = spawnSync(process.execPath, [join(root, "eval/scripts/eval.ts"), "score", "--input", input], {
  stdio: ["ignore", "ignore", "inherit"],
});
const cliSeconds = (performance.now() - started) / 1000;
if (cli.status !== 0) throw new Error(`eval score exited ${cli.status}`);
console.log(
  `${"npm run eval -- score (whole process, stemmed)".padEnd(52)} ${(pairs.length / cliSeconds).toFixed(0).padStart(7)} pairs/s  (${cliSeconds.toFixed(2)} s)`,
);
