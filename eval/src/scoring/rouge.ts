// ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum exactly as Google's `rouge-score` package computes them
// (rouge/rouge_scorer.py, `RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer)`):
//
//   - tokens: the rouge-score tokenizer (packages/core/src/text/tokenize.ts), stemming on by default;
//   - ROUGE-N: n-gram overlap with clipped counts, Σ min(count_ref, count_cand);
//     P = overlap / max(#cand n-grams, 1), R = overlap / max(#ref n-grams, 1);
//   - ROUGE-L: LCS of the two whole token sequences; P = lcs / |cand|, R = lcs / |ref| (0 if one is empty);
//   - ROUGE-Lsum: the texts are split on "\n" (empty lines dropped) and each line tokenized; for every
//     reference line the union of its LCS positions against each candidate line is taken, and each
//     token of that union counts as a hit only while both texts still have an unused occurrence of it
//     (ROUGE-1.5.5's double-counting guard); P = hits / |cand|, R = hits / |ref|;
//   - F = 2PR / (P + R), 0 when P + R = 0.
//
// The full-text token sequence equals the concatenation of the per-line sequences ("\n" is a
// separator for the tokenizer and empty lines yield no tokens), so each text is tokenized once, line
// by line (`tokenizeForRouge`), and those tokens serve all four metrics (`scoreRougeTokens`).
//
// LCS work is done here on integer token ids with typed arrays, not with js-rouge, although js-rouge
// would pick the same LCS: its internal `lcsIndices(candidate, reference)` returns exactly the
// reference positions of rouge-score's `_backtrack_norec` (checked on 50,000 random sequences over a
// 3-letter alphabet, where ties abound), and the tests check `lcsIndices` below against js-rouge's
// exported `lcs`. But the package root exports only `lcs`, which returns tokens, not the positions the
// Lsum union needs (and its "exports" map blocks a deep import), and its string-based Hirschberg
// reconstruction is several times slower than a DP over ids — the scorer must manage thousands of
// pairs per second.

import type { RougeScore, RougeScores } from "../types";
import { tokenize } from "@consult-summary/core/text";

export interface RougeOptions {
  /** Porter stemming of tokens longer than 3 characters (rouge-score `use_stemmer`). Default true. */
  stem?: boolean;
}

/** A text tokenized once for all four metrics. `tokens` is `lines.flat()`. */
export interface RougeTokens {
  /** Tokens of the whole text (ROUGE-1/2/L). */
  tokens: readonly string[];
  /** Tokens of each non-empty "\n"-separated line (ROUGE-Lsum). */
  lines: readonly (readonly string[])[];
}

/** How ROUGE was computed: Porter-stemmed, not, or not recorded (runs made before it was). */
export type RougeVariant = "stemmed" | "no stemming" | "unknown";

export function rougeVariant(stem: boolean | null | undefined): RougeVariant {
  return stem === true ? "stemmed" : stem === false ? "no stemming" : "unknown";
}

export function tokenizeForRouge(text: string, options: RougeOptions = {}): RougeTokens {
  const stem = options.stem ?? true;
  const lines: string[][] = [];
  const tokens: string[] = [];
  for (const line of text.split("\n")) {
    if (line.length === 0) continue;
    const lineTokens = tokenize(line, { stem });
    lines.push(lineTokens);
    for (const t of lineTokens) tokens.push(t);
  }
  return { tokens, lines };
}

export function scoreRouge(candidate: string, reference: string, options: RougeOptions = {}): RougeScores {
  return scoreRougeTokens(tokenizeForRouge(candidate, options), tokenizeForRouge(reference, options));
}

function fmeasure(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

function score(
  overlapForP: number,
  pDenominator: number,
  overlapForR: number,
  rDenominator: number,
): RougeScore {
  const p = pDenominator > 0 ? overlapForP / pDenominator : 0;
  const r = rDenominator > 0 ? overlapForR / rDenominator : 0;
  return { p, r, f: fmeasure(p, r) };
}

interface IdText {
  ids: Int32Array;
  /** Start offset of each line in `ids` (length = lines + 1). */
  lineStarts: Int32Array;
}

function toIds(text: RougeTokens, vocab: Map<string, number>): IdText {
  let total = 0;
  for (const line of text.lines) total += line.length;
  const ids = new Int32Array(total);
  const lineStarts = new Int32Array(text.lines.length + 1);
  let k = 0;
  text.lines.forEach((line, li) => {
    lineStarts[li] = k;
    for (const token of line) {
      let id = vocab.get(token);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(token, id);
      }
      ids[k++] = id;
    }
  });
  lineStarts[text.lines.length] = k;
  return { ids, lineStarts };
}

function rouge1(cand: Int32Array, ref: Int32Array, vocabSize: number): RougeScore {
  const remaining = new Int32Array(vocabSize);
  for (let i = 0; i < ref.length; i++) remaining[ref[i]!]!++;
  let overlap = 0;
  for (let i = 0; i < cand.length; i++) {
    const id = cand[i]!;
    if (remaining[id]! > 0) {
      remaining[id]!--;
      overlap++;
    }
  }
  return score(overlap, Math.max(cand.length, 1), overlap, Math.max(ref.length, 1));
}

function rouge2(cand: Int32Array, ref: Int32Array, vocabSize: number): RougeScore {
  const refCount = Math.max(ref.length - 1, 0);
  const candCount = Math.max(cand.length - 1, 0);
  const remaining = new Map<number, number>();
  for (let i = 0; i + 1 < ref.length; i++) {
    const key = ref[i]! * vocabSize + ref[i + 1]!;
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  let overlap = 0;
  for (let i = 0; i + 1 < cand.length; i++) {
    const key = cand[i]! * vocabSize + cand[i + 1]!;
    const left = remaining.get(key);
    if (left !== undefined && left > 0) {
      remaining.set(key, left - 1);
      overlap++;
    }
  }
  return score(overlap, Math.max(candCount, 1), overlap, Math.max(refCount, 1));
}

let rowBuffer = new Int32Array(256);

/** Length of the longest common subsequence (one-row DP). */
export function lcsLength(a: ArrayLike<number>, b: ArrayLike<number>): number {
  // Keep the shorter sequence as the row.
  if (a.length < b.length) [a, b] = [b, a];
  const cols = b.length;
  if (cols === 0) return 0;
  if (rowBuffer.length < cols + 1) rowBuffer = new Int32Array(cols + 1);
  const row = rowBuffer;
  row.fill(0, 0, cols + 1);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    let diag = 0; // row[j-1] of the previous row
    for (let j = 1; j <= cols; j++) {
      const up = row[j]!;
      if (x === b[j - 1]) row[j] = diag + 1;
      else {
        const left = row[j - 1]!;
        row[j] = up > left ? up : left;
      }
      diag = up;
    }
  }
  return row[cols]!;
}

let tableBuffer = new Int32Array(4096);

/** rouge-score's `lcs_ind(ref, can)`: ascending positions in `ref` of the LCS `_backtrack_norec` reads out. */
export function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const vocab = new Map<string, number>();
  const ids = (tokens: readonly string[]) =>
    Int32Array.from(tokens, (t) => {
      let id = vocab.get(t);
      if (id === undefined) vocab.set(t, (id = vocab.size));
      return id;
    });
  const hit = new Uint8Array(ref.length);
  markLcs(ids(ref), ids(can), hit);
  const out: number[] = [];
  hit.forEach((h, i) => {
    if (h) out.push(i);
  });
  return out;
}

/**
 * Marks in `hit` (indexed like `ref`) the ref positions of the LCS that rouge-score's
 * `lcs_ind(ref, can)` = `_backtrack_norec(_lcs_table(ref, can), ref, can)` reads out.
 */
function markLcs(ref: Int32Array, can: Int32Array, hit: Uint8Array): void {
  const rows = ref.length;
  const cols = can.length;
  if (rows === 0 || cols === 0) return;
  const width = cols + 1;
  const size = (rows + 1) * width;
  if (tableBuffer.length < size) tableBuffer = new Int32Array(size);
  const t = tableBuffer;
  t.fill(0, 0, width);
  for (let i = 1; i <= rows; i++) {
    const x = ref[i - 1];
    const base = i * width;
    const prev = base - width;
    t[base] = 0;
    for (let j = 1; j <= cols; j++) {
      if (x === can[j - 1]) t[base + j] = t[prev + j - 1]! + 1;
      else {
        const up = t[prev + j]!;
        const left = t[base + j - 1]!;
        t[base + j] = up > left ? up : left;
      }
    }
  }
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      hit[i - 1] = 1;
      i--;
      j--;
    } else if (t[i * width + j - 1]! > t[(i - 1) * width + j]!) j--;
    else i--;
  }
}

function rougeLsum(cand: IdText, ref: IdText, vocabSize: number): RougeScore {
  const m = ref.ids.length;
  const n = cand.ids.length;
  if (m === 0 || n === 0) return { p: 0, r: 0, f: 0 };
  const countsRef = new Int32Array(vocabSize);
  const countsCand = new Int32Array(vocabSize);
  for (let i = 0; i < m; i++) countsRef[ref.ids[i]!]!++;
  for (let i = 0; i < n; i++) countsCand[cand.ids[i]!]!++;

  const candLines: Int32Array[] = [];
  for (let c = 0; c + 1 < cand.lineStarts.length; c++) {
    const line = cand.ids.subarray(cand.lineStarts[c]!, cand.lineStarts[c + 1]!);
    if (line.length > 0) candLines.push(line);
  }

  let hits = 0;
  for (let r = 0; r + 1 < ref.lineStarts.length; r++) {
    const refLine = ref.ids.subarray(ref.lineStarts[r]!, ref.lineStarts[r + 1]!);
    if (refLine.length === 0) continue;
    const hit = new Uint8Array(refLine.length);
    for (const candLine of candLines) markLcs(refLine, candLine, hit);
    // The union, in ascending ref position (`sorted(set().union(*lcs_list))`).
    for (let k = 0; k < refLine.length; k++) {
      if (hit[k] === 0) continue;
      const token = refLine[k]!;
      if (countsCand[token]! > 0 && countsRef[token]! > 0) {
        hits++;
        countsCand[token]!--;
        countsRef[token]!--;
      }
    }
  }
  return score(hits, n, hits, m);
}

/** All four metrics from texts tokenized once with `tokenizeForRouge` (same `stem` setting for both). */
export function scoreRougeTokens(candidate: RougeTokens, reference: RougeTokens): RougeScores {
  const vocab = new Map<string, number>();
  const ref = toIds(reference, vocab);
  const cand = toIds(candidate, vocab);
  const v = Math.max(vocab.size, 1);
  const l = ref.ids.length > 0 && cand.ids.length > 0 ? lcsLength(ref.ids, cand.ids) : 0;
  return {
    rouge1: rouge1(cand.ids, ref.ids, v),
    rouge2: rouge2(cand.ids, ref.ids, v),
    rougeL: score(l, cand.ids.length, l, ref.ids.length),
    rougeLsum: rougeLsum(cand, ref, v),
  };
}
