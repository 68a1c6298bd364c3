// ROUGE benchmark of the embedded (extractive) summarizer against trivial baselines.
//
//   npx tsx bench/embedded-quality.ts [--limit N] [--datasets <dir>] [--only <substring>] [--by-section]
//
// Reads <repo>/../shared/datasets/*.jsonl (MTS-Dialog: Ben Abacha et al., EACL 2023; ACI-Bench: Yim et al.,
// Nature Scientific Data 2023; both CC BY 4.0). Nothing from the datasets is written anywhere.
//
// Scores are F1 (x100) with js-rouge, using a rouge_score-style tokenizer (lower-case, [a-z0-9]+ tokens):
//   R1, R2   – ROUGE-1/2 over the whole text;
//   RL       – ROUGE-L over the whole text as one sequence (like HF `rougeL`);
//   RLsum    – summary-level union LCS with sentences = lines (like HF `rougeLsum`), for ACI full notes.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { l as rougeL, n as rougeN } from "js-rouge";

import { DEFAULT_SECTIONS, mtsSection, summarizeConsultation } from "../app/summarize/embedded/index";

interface Row {
  id: string;
  source: "mts-dialog" | "aci-bench";
  split: string;
  section: string | null;
  dialogue: string;
  reference: string;
}

interface Scores {
  r1: number;
  r2: number;
  rl: number;
  rlsum: number;
}

const args = process.argv.slice(2);
function argValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const limit = argValue("--limit") ? Number(argValue("--limit")) : Infinity;
const only = argValue("--only");
const bySection = args.includes("--by-section");
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const datasetsDir = resolve(argValue("--datasets") ?? join(repoRoot, "..", "shared", "datasets"));

const tokenizer = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
const wholeText = (text: string): string[] => [text];
const lines = (text: string): string[] => {
  const ls = text.split("\n").filter((x) => /[a-z0-9]/i.test(x));
  return ls.length ? ls : [text];
};

function score(candidate: string, reference: string): Scores {
  if (!tokenizer(candidate).length || !tokenizer(reference).length) return { r1: 0, r2: 0, rl: 0, rlsum: 0 };
  return {
    r1: rougeN(candidate, reference, { n: 1, tokenizer }),
    r2: rougeN(candidate, reference, { n: 2, tokenizer }),
    rl: rougeL(candidate, reference, { tokenizer, segmenter: wholeText }),
    rlsum: rougeL(candidate, reference, { tokenizer, segmenter: lines }),
  };
}

// ----- baselines -----
function dialogueSentences(dialogue: string): string[] {
  return dialogue
    .split("\n")
    .map((line) => line.replace(/^\s*(?:\[[a-z_ ]+\]|[A-Za-z_]+:)\s*/i, "").trim())
    .flatMap((line) => line.split(/(?<=[.?!])\s+/))
    .filter((s) => /[a-z0-9]/i.test(s));
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashSeed(id: string): number {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

function takeWords(sentences: string[], maxWords: number): string[] {
  const out: string[] = [];
  let count = 0;
  for (const s of sentences) {
    if (out.length && count >= maxWords) break;
    out.push(s);
    count += s.split(/\s+/).length;
  }
  return out;
}

function baselines(row: Row, embeddedWords: number): Record<string, string> {
  const sents = dialogueSentences(row.dialogue);
  const rnd = mulberry32(hashSeed(row.id));
  const shuffled = sents.map((s, i) => ({ s, i, r: rnd() })).sort((a, b) => a.r - b.r);
  const randomPick = takeWords(
    shuffled.map((x) => x.s),
    embeddedWords,
  );
  const randomOrdered = shuffled
    .filter((x) => randomPick.includes(x.s))
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s);
  return {
    "lead-3": sents.slice(0, 3).join("\n"),
    "lead-same-len": takeWords(sents, embeddedWords).join("\n"),
    "random-same-len": randomOrdered.join("\n"),
    "whole-dialogue": sents.join("\n"),
  };
}

// ----- run -----
function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
const fmt = (x: number) => (100 * x).toFixed(1).padStart(6);

if (!existsSync(datasetsDir)) {
  console.log(`No datasets directory at ${datasetsDir}; nothing to benchmark (pass --datasets <dir>).`);
  process.exit(0);
}
const files = readdirSync(datasetsDir)
  .filter((f) => f.endsWith(".jsonl"))
  .filter((f) => !only || f.includes(only))
  .sort();
if (files.length === 0) {
  console.log(`No *.jsonl files in ${datasetsDir}; nothing to benchmark.`);
  process.exit(0);
}

console.log(`Datasets: ${datasetsDir}`);
console.log(
  "F1 x100; RL = ROUGE-L over the whole text, RLsum = union LCS over lines (HF rougeLsum style).\n",
);

for (const file of files) {
  const rows = readFileSync(join(datasetsDir, file), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Row)
    .slice(0, limit);
  const results = new Map<string, Scores[]>();
  const sectionRl = new Map<string, number[]>();
  const times: number[] = [];
  const outWords: number[] = [];
  for (const row of rows) {
    const sections = row.section ? [mtsSection(row.section)] : [...DEFAULT_SECTIONS];
    const t0 = performance.now();
    const summary = summarizeConsultation(row.dialogue, sections);
    times.push(performance.now() - t0);
    const nWords = summary.split(/\s+/).filter(Boolean).length;
    outWords.push(nWords);
    const candidates: Record<string, string> = { embedded: summary, ...baselines(row, Math.max(nWords, 1)) };
    for (const [name, text] of Object.entries(candidates)) {
      const s = score(text, row.reference);
      results.set(name, [...(results.get(name) ?? []), s]);
      if (name === "embedded" && row.section)
        sectionRl.set(row.section, [...(sectionRl.get(row.section) ?? []), s.rl]);
    }
  }
  console.log(
    `${file}  (${rows.length} cases; embedded: ${mean(outWords).toFixed(0)} words/summary, ` +
      `${mean(times).toFixed(2)} ms/case mean, ${Math.max(...times).toFixed(2)} ms max)`,
  );
  console.log(`  ${"system".padEnd(18)}     R1     R2     RL  RLsum`);
  for (const [name, list] of results) {
    console.log(
      `  ${name.padEnd(18)} ${fmt(mean(list.map((x) => x.r1)))} ${fmt(mean(list.map((x) => x.r2)))} ${fmt(
        mean(list.map((x) => x.rl)),
      )} ${fmt(mean(list.map((x) => x.rlsum)))}`,
    );
  }
  if (bySection && sectionRl.size) {
    console.log("  embedded RL by MTS section:");
    for (const [section, list] of [...sectionRl].sort((a, b) => b[1].length - a[1].length))
      console.log(`    ${section.padEnd(14)} n=${String(list.length).padStart(4)}  RL ${fmt(mean(list))}`);
  }
  console.log("");
}
