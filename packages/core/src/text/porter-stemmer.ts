// Porter stemmer, ported from NLTK's `nltk.stem.porter.PorterStemmer` in its default
// NLTK_EXTENSIONS mode — the stemmer Google's `rouge-score` package builds with
// `porter.PorterStemmer()` (rouge/tokenizers.py, DefaultTokenizer) when `use_stemmer=True`.
// Hand-written, not an npm stemmer: those follow Porter's published algorithm, whose stems differ
// from NLTK's below, and our ROUGE scores must equal rouge-score's exactly.
//
// NLTK_EXTENSIONS differs from Martin Porter's published algorithm in these places (all ported):
//   - a pool of irregular forms that bypasses the rules (sky/skies, dying, lying, tying, news, …);
//   - words of length ≤ 2 are returned unchanged;
//   - step 1a: "ies" → "ie" when the word has 4 letters ("dies" → "die"), else "ies" → "i";
//   - step 1b: "ied" → "ie" for 4-letter words ("died" → "die"), else "ied" → "i";
//   - *o (ends consonant-vowel-consonant) is also true for a 2-letter vowel-consonant stem;
//   - step 1c: "y" → "i" only when preceded by a consonant that is not the first letter;
//   - step 2: "alli" → "al" first and the result goes through step 2 again; "bli" → "ble"
//     (not "abli" → "able"); extra "fulli" → "ful" and "logi" → "log" (the "l" counted in the stem).
//
// Only lower-case input is meaningful; `stem()` lower-cases like NLTK's `stem(word)` does
// (to_lowercase=True). Python's `len()` counts code points and JS `.length` UTF-16 units: the two
// agree on everything the ROUGE tokenizer hands in ([a-z0-9]+).

import type { WorkMeter } from "./work-meter";

const IRREGULAR_FORMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["sky", ["sky", "skies"]],
  ["die", ["dying"]],
  ["lie", ["lying"]],
  ["tie", ["tying"]],
  ["news", ["news"]],
  ["inning", ["innings", "inning"]],
  ["outing", ["outings", "outing"]],
  ["canning", ["cannings", "canning"]],
  ["howe", ["howe"]],
  ["proceed", ["proceed"]],
  ["exceed", ["exceed"]],
  ["succeed", ["succeed"]],
];

const POOL: ReadonlyMap<string, string> = new Map(
  IRREGULAR_FORMS.flatMap(([paradigm, forms]) => forms.map((form) => [form, paradigm] as const)),
);

/** The meter of the porterStem call in progress, if any: the loops below count their steps on it. */
let activeMeter: WorkMeter | undefined;

function isVowelLetter(ch: string): boolean {
  return ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u";
}

/** Consonant per the paper: not a/e/i/o/u, and "y" only when it does not follow a consonant. */
function isConsonant(word: string, i: number): boolean {
  const ch = word[i]!;
  if (isVowelLetter(ch)) return false;
  if (ch !== "y") return true;
  // A run of y's alternates; resolve it iteratively (NLTK 3.10 does the same).
  let negate = false;
  let k = i;
  while (k > 0 && word[k] === "y") {
    negate = !negate;
    k--;
  }
  activeMeter?.add(i - k + 1);
  return !isVowelLetter(word[k]!) !== negate;
}

/** Whether stem[i] is a consonant given whether stem[i - 1] is: the recursive rule for "y", unrolled. */
function isConsonantAfter(ch: string, i: number, previousIsConsonant: boolean): boolean {
  if (isVowelLetter(ch)) return false;
  return ch !== "y" || i === 0 || !previousIsConsonant;
}

/** m in [C](VC){m}[V]: the number of vowel→consonant transitions. */
function measure(stem: string): number {
  activeMeter?.add(stem.length);
  let m = 0;
  let prevConsonant = true; // a leading consonant run adds nothing
  for (let i = 0; i < stem.length; i++) {
    const consonant = isConsonantAfter(stem[i]!, i, prevConsonant);
    if (consonant && i > 0 && !prevConsonant) m++;
    prevConsonant = consonant;
  }
  return m;
}

/** One forward pass (calling isConsonant at every position would re-walk runs of "y"). */
function containsVowel(stem: string): boolean {
  activeMeter?.add(stem.length);
  let prevConsonant = true;
  for (let i = 0; i < stem.length; i++) {
    prevConsonant = isConsonantAfter(stem[i]!, i, prevConsonant);
    if (!prevConsonant) return true;
  }
  return false;
}

function endsDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

/** Condition *o, with NLTK's extension for two-letter stems ("vowel consonant"). */
function endsCvc(word: string): boolean {
  const n = word.length;
  if (n >= 3) {
    const last = word[n - 1]!;
    return (
      isConsonant(word, n - 3) &&
      !isConsonant(word, n - 2) &&
      isConsonant(word, n - 1) &&
      last !== "w" &&
      last !== "x" &&
      last !== "y"
    );
  }
  return n === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

type Condition = ((stem: string) => boolean) | null;
type Rule = readonly [suffix: string, replacement: string, condition: Condition];

/**
 * NLTK's `_apply_rule_list`: the FIRST rule whose suffix matches decides — if its condition fails
 * the word is returned unchanged and later rules are not tried. The pseudo-suffix "*d" matches a
 * double consonant ending.
 */
function applyRuleList(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === "*d" && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = suffix === "" ? word : word.slice(0, -suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

const positiveMeasure = (stem: string): boolean => measure(stem) > 0;
const measureGt1 = (stem: string): boolean => measure(stem) > 1;

const STEP1A_RULES: readonly Rule[] = [
  ["sses", "ss", null],
  ["ies", "i", null],
  ["ss", "ss", null],
  ["s", "", null],
];

function step1a(word: string): string {
  if (word.endsWith("ies") && word.length === 4) return word.slice(0, -3) + "ie";
  return applyRuleList(word, STEP1A_RULES);
}

function step1b(word: string): string {
  if (word.endsWith("ied")) return word.slice(0, -3) + (word.length === 4 ? "ie" : "i");

  if (word.endsWith("eed")) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? stem + "ee" : word;
  }

  let intermediate: string | null = null;
  for (const suffix of ["ed", "ing"]) {
    if (word.endsWith(suffix)) {
      const candidate = word.slice(0, -suffix.length);
      if (containsVowel(candidate)) {
        intermediate = candidate;
        break;
      }
    }
  }
  if (intermediate === null) return word;

  const last = intermediate[intermediate.length - 1]!;
  return applyRuleList(intermediate, [
    ["at", "ate", null],
    ["bl", "ble", null],
    ["iz", "ize", null],
    ["*d", last, () => last !== "l" && last !== "s" && last !== "z"],
    ["", "e", (stem) => measure(stem) === 1 && endsCvc(stem)],
  ]);
}

function step1c(word: string): string {
  return applyRuleList(word, [["y", "i", (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

const STEP2_RULES: readonly Rule[] = [
  ["ational", "ate", positiveMeasure],
  ["tional", "tion", positiveMeasure],
  ["enci", "ence", positiveMeasure],
  ["anci", "ance", positiveMeasure],
  ["izer", "ize", positiveMeasure],
  ["bli", "ble", positiveMeasure],
  ["alli", "al", positiveMeasure],
  ["entli", "ent", positiveMeasure],
  ["eli", "e", positiveMeasure],
  ["ousli", "ous", positiveMeasure],
  ["ization", "ize", positiveMeasure],
  ["ation", "ate", positiveMeasure],
  ["ator", "ate", positiveMeasure],
  ["alism", "al", positiveMeasure],
  ["iveness", "ive", positiveMeasure],
  ["fulness", "ful", positiveMeasure],
  ["ousness", "ous", positiveMeasure],
  ["aliti", "al", positiveMeasure],
  ["iviti", "ive", positiveMeasure],
  ["biliti", "ble", positiveMeasure],
  ["fulli", "ful", positiveMeasure],
  // "logi" → "log" with the measure taken over the stem plus its "l" (word[:-3] in NLTK).
  ["logi", "log", (stem) => measure(stem + "l") > 0],
];

function step2(word: string): string {
  if (word.endsWith("alli") && measure(word.slice(0, -4)) > 0) {
    return step2(word.slice(0, -4) + "al");
  }
  return applyRuleList(word, STEP2_RULES);
}

const STEP3_RULES: readonly Rule[] = [
  ["icate", "ic", positiveMeasure],
  ["ative", "", positiveMeasure],
  ["alize", "al", positiveMeasure],
  ["iciti", "ic", positiveMeasure],
  ["ical", "ic", positiveMeasure],
  ["ful", "", positiveMeasure],
  ["ness", "", positiveMeasure],
];

const STEP4_RULES: readonly Rule[] = [
  ["al", "", measureGt1],
  ["ance", "", measureGt1],
  ["ence", "", measureGt1],
  ["er", "", measureGt1],
  ["ic", "", measureGt1],
  ["able", "", measureGt1],
  ["ible", "", measureGt1],
  ["ant", "", measureGt1],
  ["ement", "", measureGt1],
  ["ment", "", measureGt1],
  ["ent", "", measureGt1],
  ["ion", "", (stem) => measure(stem) > 1 && (stem.endsWith("s") || stem.endsWith("t"))],
  ["ou", "", measureGt1],
  ["ism", "", measureGt1],
  ["ate", "", measureGt1],
  ["iti", "", measureGt1],
  ["ous", "", measureGt1],
  ["ive", "", measureGt1],
  ["ize", "", measureGt1],
];

function step5a(word: string): string {
  if (!word.endsWith("e")) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  if (m > 1) return stem;
  if (m === 1 && !endsCvc(stem)) return stem;
  return word;
}

function step5b(word: string): string {
  return applyRuleList(word, [["ll", "l", () => measure(word.slice(0, -1)) > 1]]);
}

/** One uncached run of the algorithm (NLTK `PorterStemmer().stem(word)`). */
export function porterStem(word: string, meter?: WorkMeter): string {
  if (meter === undefined) return stemWord(word);
  activeMeter = meter;
  try {
    return stemWord(word);
  } finally {
    activeMeter = undefined;
  }
}

function stemWord(word: string): string {
  const lower = word.toLowerCase();
  const irregular = POOL.get(lower);
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return lower;
  let w = step1a(lower);
  w = step1b(w);
  w = step1c(w);
  w = step2(w);
  w = applyRuleList(w, STEP3_RULES);
  w = applyRuleList(w, STEP4_RULES);
  w = step5a(w);
  return step5b(w);
}

const MAX_CACHE = 200_000;
/** Longer words are rare and would let a few requests fill the memo with huge keys. */
const MAX_CACHED_LENGTH = 64;
const cache = new Map<string, string>();

/**
 * `porterStem` with a memo of words up to 64 characters (cleared when it reaches 200k entries, so
 * it cannot grow forever).
 */
export function stem(word: string): string {
  if (word.length > MAX_CACHED_LENGTH) return porterStem(word);
  let out = cache.get(word);
  if (out === undefined) {
    out = porterStem(word);
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(word, out);
  }
  return out;
}
