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
//    (earliest on ties); its character offsets are returned (-1, -1 when nothing matches). The search
//    goes through an inverted index of the source, with a work budget per sentence so that grounding
//    stays linear in |output| + |source| on any input (source-index.ts).
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

import { contentTokens, isNumberToken } from "./content-tokens";
import { splitSentences } from "./sentences";
import { indexSource, locateBudget, locateInSource, type SourceIndex, type SourceSpan } from "./source-index";
import type { WorkMeter } from "./work-meter";

export { contentTokens, foldNumberWords } from "./content-tokens";

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

const HEADING = /^\s{0,3}#{1,6}(\s|$)/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const LIST_MARKER = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;
const EMPHASIS = /(\*\*|__|\*|`)/g;
const WORDS = /\S+/g;

/** Whether a line is a bare section label such as "Plan:" or "History of present illness:". */
function isLabel(line: string): boolean {
  if (!line.endsWith(":")) return false;
  let words = 0;
  for (WORDS.lastIndex = 0; WORDS.exec(line) !== null;) if (++words > 5) return false;
  return true;
}

/** The output's sentences, Markdown-lite: headings and bare labels dropped, list markers stripped. */
export function outputSentences(output: string, meter?: WorkMeter): string[] {
  const sentences: string[] = [];
  for (const rawLine of output.split(/\r?\n/)) {
    if (HEADING.test(rawLine) || RULE.test(rawLine)) continue;
    const line = rawLine.replace(LIST_MARKER, "").replace(EMPHASIS, "").trim();
    if (line.length === 0 || isLabel(line)) continue;
    for (const segment of splitSentences(line, 0, meter)) sentences.push(segment.text);
  }
  return sentences;
}

interface Support {
  support: number;
  supported: boolean;
}

function measureSupport(claim: ReadonlySet<string>, index: SourceIndex): Support {
  let found = 0;
  let numbersFound = true;
  for (const t of claim) {
    if (index.postings.has(t)) found++;
    else if (isNumberToken(t)) numbersFound = false;
  }
  const support = found / claim.size;
  return { support, supported: support >= SUPPORT_THRESHOLD && numbersFound };
}

interface Claim {
  sentence: string;
  claim: ReadonlySet<string>;
}

function claimsOf(output: string, meter?: WorkMeter): Claim[] {
  return outputSentences(output, meter)
    .map((sentence) => ({ sentence, claim: contentTokens(sentence) }))
    .filter(({ claim }) => claim.size > 0);
}

/**
 * Grounds several outputs against one source, indexing it once: per output, the support of each of
 * its sentences, in order (sentences without content tokens skipped). The source search's work budget
 * is shared by all the outputs' sentences, so the total work is linear in the source and output sizes.
 */
export function groundOutputs(
  outputs: readonly string[],
  source: string,
  meter?: WorkMeter,
): GroundedSentence[][] {
  const index = indexSource(source, meter);
  const claims = outputs.map((output) => claimsOf(output, meter));
  let outputLength = 0;
  for (const output of outputs) outputLength += output.length;
  // A sentence that recurs (a repeated bullet) is located once: same claim, same budget, same span.
  const located = new Map<string, SourceSpan>();
  const locate = ({ sentence, claim }: Claim): SourceSpan => {
    let span = located.get(sentence);
    if (!span) {
      span = locateInSource(claim, index, locateBudget(index, sentence.length, outputLength), meter);
      located.set(sentence, span);
    }
    return span;
  };
  return claims.map((list) =>
    list.map((claim) => ({
      sentence: claim.sentence,
      ...measureSupport(claim.claim, index),
      ...locate(claim),
    })),
  );
}

/** Per-sentence support of `output` in `source`, in output order (sentences without content tokens skipped). */
export function groundSentences(output: string, source: string, meter?: WorkMeter): GroundedSentence[] {
  return groundOutputs([output], source, meter)[0]!;
}

export function scoreGrounding(output: string, source: string, meter?: WorkMeter): GroundingResult {
  const index = indexSource(source, meter);
  const sentences = claimsOf(output, meter).map(({ sentence, claim }) => ({
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
