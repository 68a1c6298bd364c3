// Content tokens: what a sentence claims, for lexical grounding. The rouge tokenizer's tokens
// (lower-case [a-z0-9]+ runs), spelled-out numbers folded to digits ("seventy six" → "76"), English
// stopwords removed, Porter-stemmed.

import { stem } from "./porter-stemmer";

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
  // A note's connective words claim nothing the source must say: a hedge kept from "I think …",
  // who reports or denies, who the note is about.
  "likely", "probably", "possibly", "reports", "denies", "patient", "clinician",
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

/** The value of one spoken number word below a hundred ("seven" → 7, "seventy" → 70). */
export function numberWordValue(token: string): number | undefined {
  return UNITS.get(token) ?? TENS.get(token);
}

/** Whether a word is one of the tens ("twenty" … "ninety"). */
export function isTensWord(token: string): boolean {
  return TENS.has(token);
}

function isNumberWord(token: string | undefined): boolean {
  return (
    token !== undefined &&
    (UNITS.has(token) || TENS.has(token) || token === "hundred" || token === "thousand")
  );
}

/**
 * The number spelled out by the words from `at` on ("seventy six", "one hundred and five") and how
 * many words it spans. `wordAt` gives the word at a position, or undefined where a run must stop
 * (the end, or punctuation between words). "six five" is two numbers; "seventy six" is one.
 */
export function readNumberWords(
  wordAt: (i: number) => string | undefined,
  at: number,
): { value: number; length: number } | undefined {
  let total = 0;
  let current = 0;
  let lastWasTens = false;
  let i = at;
  for (let t = wordAt(i); t !== undefined; t = wordAt(++i)) {
    if (UNITS.has(t)) {
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
    } else if (!(
      t === "and" &&
      i > at &&
      (wordAt(i - 1) === "hundred" || wordAt(i - 1) === "thousand") &&
      isNumberWord(wordAt(i + 1))
    )) {
      break; // "and" only inside "one hundred and twenty"
    }
  }
  return i === at ? undefined : { value: total + current, length: i - at };
}

/** Replaces runs of spelled-out numbers by their digits: ["seventy", "six"] → ["76"]. */
export function foldNumberWords(tokens: readonly string[]): string[] {
  const out: string[] = [];
  const wordAt = (i: number) => tokens[i];
  for (let i = 0; i < tokens.length;) {
    const run =
      isNumberWord(tokens[i]) && tokens[i] !== "hundred" && tokens[i] !== "thousand"
        ? readNumberWords(wordAt, i)
        : undefined;
    if (run) {
      out.push(String(run.value));
      i += run.length;
    } else {
      out.push(tokens[i]!);
      i++;
    }
  }
  return out;
}

const DIGITS = /^[0-9]+$/;

/** Whether a content token is a number (they are not stemmed, and a claim's numbers must all be found). */
export function isNumberToken(token: string): boolean {
  return DIGITS.test(token);
}

/** A character that is, or lower-cases to, a token character: U+0130 "İ" → "i̇", U+212A KELVIN SIGN → "k". */
const TOKEN_CHARACTER = /[a-z0-9\u0130\u212a]/i;

const NO_TOKENS: ReadonlySet<string> = new Set();

/** Distinct content tokens (stemmed, stopwords out, numbers as digits) of a piece of text. */
export function contentTokens(text: string): ReadonlySet<string> {
  // A sentence of punctuation alone has no token: skip lower-casing and splitting it.
  if (!TOKEN_CHARACTER.test(text)) return NO_TOKENS;
  const out = new Set<string>();
  const raw = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
  for (const token of foldNumberWords(raw)) {
    if (STOPWORDS.has(token)) continue;
    out.add(token.length > 3 && !isNumberToken(token) ? stem(token) : token);
  }
  return out;
}
