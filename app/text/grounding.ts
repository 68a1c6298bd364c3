// Lexical grounding: how much of a generated summary is visibly backed by the consultation text.
//
// 1. The output is read as Markdown-lite: `#` headings, horizontal rules and bare section labels
//    ("Plan:", "**Medications**") are dropped; list markers ("- ", "* ", "1. ") and emphasis are
//    stripped; every remaining line is split into sentences (". ", "! ", "? " before a non-lower-case
//    character, except after abbreviations such as "Dr." or "e.g.").
// 2. Each sentence is reduced to its CONTENT TOKENS: the rouge tokenizer's tokens (lower-case [a-z0-9]+
//    runs), spelled-out numbers folded to digits ("seventy six" → "76", so a transcript that says
//    "seventy six years old" supports "76-year-old"), English stopwords removed, Porter-stemmed.
//    A sentence without content tokens ("None.") makes no claim and is not counted.
// 3. support = share of the sentence's distinct content tokens that occur anywhere in the source.
//    A sentence is SUPPORTED when support ≥ SUPPORT_THRESHOLD (0.6) AND every number it states occurs
//    in the source, so "5 mg" in the output against "10 mg" in the notes is flagged however high the
//    word overlap is.
// 4. For highlighting, the best-matching source span is the smallest window of 1–3 consecutive source
//    sentences (source lines split into sentences) holding the most of the sentence's content tokens
//    (earliest on ties); its character offsets are returned (-1, -1 when nothing matches).
//
// Why 0.6 — measured on MTS-Dialog train (1,201 consultations): each human-written reference sentence
// scored against its own dialogue ("pos", 4,207 sentences) and against a random other dialogue ("neg"):
//     threshold   0.5     0.6     0.7     0.8
//     pos ≥ t    70.5%   54.0%   37.1%   26.1%
//     neg ≥ t     2.3%    0.9%    0.5%    0.3%
// The references are heavily abstractive ("Those issues are stable." → 0.5), so "pos" is a lower bound
// for the largely extractive summaries a model writes. Examples against their own dialogue:
//   "She has had no fever or chills, cough, congestion, nausea, vomiting, chest pain, chest pressure."
//     → 1.00 (transcript: "Have you had any fever or chills, cough, congestion, …");
//   "The patient is a 76-year-old white female who presents to the clinic today originally for
//     hypertension and a med check." → 0.69 ("seventy six years old … white female"; "presents",
//     "originally", "med check" are not in the transcript) — passes at 0.6, would fail at 0.7;
//   "Since her last visit she has been followed by Dr. Kumar." → 0.50 — fails.
// 0.6 keeps unrelated sentences under 1% while passing faithful paraphrases like the second example.
//
// Limits (it is lexical): a negation flip ("no fever" vs "fever") or one invented drug name inside a
// sentence whose other words all occur in the notes can still pass; use it as a cheap signal, not proof.

import { stem } from "./porter-stemmer";

/** Same shape as eval's GroundingResult (eval/src/types.ts re-exports this one). */
export interface GroundingResult {
  /** Share (0–1) of output sentences with strong lexical support in the consultation; 1 when there are none. */
  score: number;
  supported: number;
  total: number;
  unsupported: string[];
}

export interface GroundedSentence {
  sentence: string;
  /** Share (0–1) of the sentence's distinct content tokens found in the source. */
  support: number;
  supported: boolean;
  /** Offsets into the source of the best-matching span (1–3 source sentences); -1 when none. */
  sourceStart: number;
  sourceEnd: number;
}

export const SUPPORT_THRESHOLD = 0.6;
const MAX_WINDOW = 3;

// prettier-ignore
const STOPWORDS = new Set([
  "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
  "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
  "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have",
  "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into",
  "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
  "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she",
  "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
  "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was",
  "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
  "you", "your", "yours", "yourself", "yourselves", "s", "t", "d", "ll", "m", "re", "ve", "don", "didn",
  "doesn", "isn", "wasn", "weren", "won", "wouldn", "couldn", "shouldn", "haven", "hasn", "hadn", "aren",
  "ok", "okay", "yes", "yeah", "um", "uh", "oh", "well", "may", "might", "must", "shall", "let", "get", "got",
]);

// prettier-ignore
const UNITS: ReadonlyMap<string, number> = new Map([
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
  "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
].map((w, i) => [w, i] as const));
// prettier-ignore
const TENS: ReadonlyMap<string, number> = new Map([
  "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
].map((w, i) => [w, (i + 2) * 10] as const));

function isNumberWord(token: string | undefined): boolean {
  return (
    token !== undefined &&
    (UNITS.has(token) || TENS.has(token) || token === "hundred" || token === "thousand")
  );
}

/** Replaces runs of spelled-out numbers by their digits: ["seventy", "six"] → ["76"]. */
export function foldNumberWords(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isNumberWord(tokens[i]) || tokens[i] === "hundred" || tokens[i] === "thousand") {
      out.push(tokens[i]!);
      i++;
      continue;
    }
    let total = 0;
    let current = 0;
    let lastWasTens = false;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (UNITS.has(t)) {
        // "six five" is two numbers; "seventy six" is one.
        if (current % 10 !== 0 || (current > 0 && !lastWasTens && current % 100 !== 0)) break;
        current += UNITS.get(t)!;
        lastWasTens = false;
      } else if (TENS.has(t)) {
        if (current % 100 !== 0) break;
        current += TENS.get(t)!;
        lastWasTens = true;
      } else if (t === "hundred") {
        current = (current === 0 ? 1 : current) * 100;
        lastWasTens = false;
      } else if (t === "thousand") {
        total += (current === 0 ? 1 : current) * 1000;
        current = 0;
        lastWasTens = false;
      } else if (
        t === "and" &&
        (tokens[i - 1] === "hundred" || tokens[i - 1] === "thousand") &&
        isNumberWord(tokens[i + 1])
      ) {
        // "one hundred and twenty"
      } else break;
      i++;
    }
    out.push(String(total + current));
  }
  return out;
}

const STEM_CACHE_DIGITS = /^[0-9]+$/;

/** Distinct content tokens (stemmed, stopwords out, numbers as digits) of a piece of text. */
export function contentTokens(text: string): Set<string> {
  const raw = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
  const out = new Set<string>();
  for (const token of foldNumberWords(raw)) {
    if (STOPWORDS.has(token)) continue;
    out.add(token.length > 3 && !STEM_CACHE_DIGITS.test(token) ? stem(token) : token);
  }
  return out;
}

interface Segment {
  text: string;
  start: number;
  end: number;
}

// Lower-cased words after which a "." does not end a sentence.
// prettier-ignore
const ABBREVIATIONS = new Set([
  "dr", "mr", "mrs", "ms", "st", "vs", "etc", "e.g", "i.e", "eg", "ie", "approx", "no", "fig", "pt", "pts",
  "hx", "dx", "rx", "tx", "sx", "mg", "mcg", "ml", "b.i.d", "t.i.d", "q.i.d", "p.o", "q.d", "a.m", "p.m",
]);

/** Splits one line (starting at `offset` in its text) into sentence segments with offsets. */
function splitSentences(line: string, offset: number): Segment[] {
  const segments: Segment[] = [];
  const boundary = /[.!?]+["')\]]*\s+/g;
  let start = 0;
  for (let m = boundary.exec(line); m !== null; m = boundary.exec(line)) {
    const next = line[m.index + m[0].length];
    if (next !== undefined && /[a-z]/.test(next)) continue;
    if (line[m.index] === ".") {
      const word = /([A-Za-z.]+)$/.exec(line.slice(start, m.index))?.[1]?.toLowerCase();
      if (word !== undefined && (ABBREVIATIONS.has(word) || /^[a-z]$/.test(word))) continue;
    }
    pushTrimmed(segments, line, start, m.index + m[0].length, offset);
    start = m.index + m[0].length;
  }
  pushTrimmed(segments, line, start, line.length, offset);
  return segments;
}

function pushTrimmed(segments: Segment[], line: string, from: number, to: number, offset: number): void {
  let a = from;
  let b = to;
  while (a < b && /\s/.test(line[a]!)) a++;
  while (b > a && /\s/.test(line[b - 1]!)) b--;
  if (b > a) segments.push({ text: line.slice(a, b), start: offset + a, end: offset + b });
}

function lineSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    segments.push(...splitSentences(line, offset));
    offset += line.length + 1;
  }
  return segments;
}

const HEADING = /^\s{0,3}#{1,6}(\s|$)/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const LIST_MARKER = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;
const EMPHASIS = /(\*\*|__|\*|`)/g;

/** The output's sentences, Markdown-lite: headings and bare labels dropped, list markers stripped. */
export function outputSentences(output: string): string[] {
  const sentences: string[] = [];
  for (const rawLine of output.split(/\r?\n/)) {
    if (HEADING.test(rawLine) || RULE.test(rawLine)) continue;
    const line = rawLine.replace(LIST_MARKER, "").replace(EMPHASIS, "").trim();
    if (line.length === 0) continue;
    // A bare section label such as "Plan:" or "History of present illness:".
    if (/:$/.test(line) && line.split(/\s+/).length <= 5) continue;
    for (const segment of splitSentences(line, 0)) sentences.push(segment.text);
  }
  return sentences;
}

interface SourceIndex {
  segments: Segment[];
  tokens: Set<string>[];
  all: Set<string>;
}

function indexSource(source: string): SourceIndex {
  const segments = lineSegments(source);
  const tokens = segments.map((s) => contentTokens(s.text));
  const all = new Set<string>();
  for (const set of tokens) for (const t of set) all.add(t);
  return { segments, tokens, all };
}

interface Support {
  support: number;
  supported: boolean;
}

function measureSupport(claim: Set<string>, index: SourceIndex): Support {
  let found = 0;
  let numbersFound = true;
  for (const t of claim) {
    if (index.all.has(t)) found++;
    else if (/^[0-9]+$/.test(t)) numbersFound = false;
  }
  const support = found / claim.size;
  return { support, supported: support >= SUPPORT_THRESHOLD && numbersFound };
}

/** The run of 1–MAX_WINDOW source sentences sharing the most content tokens with the claim. */
function locateInSource(claim: Set<string>, index: SourceIndex): { sourceStart: number; sourceEnd: number } {
  let best = 0;
  let sourceStart = -1;
  let sourceEnd = -1;
  const n = index.segments.length;
  for (let width = 1; width <= MAX_WINDOW; width++) {
    for (let i = 0; i + width <= n; i++) {
      const seen = new Set<string>();
      for (let k = i; k < i + width; k++) for (const t of index.tokens[k]!) if (claim.has(t)) seen.add(t);
      if (seen.size > best) {
        best = seen.size;
        sourceStart = index.segments[i]!.start;
        sourceEnd = index.segments[i + width - 1]!.end;
      }
    }
  }
  return { sourceStart, sourceEnd };
}

function claimsOf(output: string): Array<{ sentence: string; claim: Set<string> }> {
  return outputSentences(output)
    .map((sentence) => ({ sentence, claim: contentTokens(sentence) }))
    .filter(({ claim }) => claim.size > 0);
}

/** Per-sentence support of `output` in `source`, in output order (sentences without content tokens skipped). */
export function groundSentences(output: string, source: string): GroundedSentence[] {
  const index = indexSource(source);
  return claimsOf(output).map(({ sentence, claim }) => ({
    sentence,
    ...measureSupport(claim, index),
    ...locateInSource(claim, index),
  }));
}

export function scoreGrounding(output: string, source: string): GroundingResult {
  const index = indexSource(source);
  const sentences = claimsOf(output).map(({ sentence, claim }) => ({
    sentence,
    ...measureSupport(claim, index),
  }));
  const supported = sentences.filter((s) => s.supported).length;
  return {
    score: sentences.length === 0 ? 1 : supported / sentences.length,
    supported,
    total: sentences.length,
    unsupported: sentences.filter((s) => !s.supported).map((s) => s.sentence),
  };
}
