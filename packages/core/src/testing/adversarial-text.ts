// Adversarial text for property tests of the text functions (issue #14): shapes that have made
// text algorithms quadratic or made them throw, at sizes up to the 100,000-character notes limit.
//
// `SHAPES` builds each shape deterministically at a given length, for work-counter tests at n and 4n
// and for a few full-size runs; `adversarialText()` draws random mixtures of them (mostly small, some
// large) for fast-check properties.

import fc from "fast-check";

/** `unit` repeated and cut to exactly `length` UTF-16 code units (which may split a surrogate pair). */
export function fill(unit: string, length: number): string {
  if (length <= 0 || unit.length === 0) return "";
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const LATIN = "abcdefghijklmnopqrstuvwxyz";
const CJK = "患者头痛三天伴恶心呕吐";
const THAI = "ผู้ป่วยปวดหัวสามวัน";
const ARABIC = "مريض يعاني من صداع منذ ثلاثة أيام ";
const HEBREW = "המטופל סובל מכאב ראש ";
const COMBINING = "\u0301\u0302\u0303\u0308\u0327\u0336";
const EMOJI = ["👩‍⚕️", "🧑🏿‍🤝‍🧑🏻", "👨‍👩‍👧‍👦", "👍🏽", "🩺", "💊", "🏳️‍🌈", "🇬🇧"];
const CONTROL = "\u0000\u0001\u0007\b\u000b\f\u001b\u007f\u0085\u200b\u200e\u200f\u2028\u2029\u2066\ufeff";
const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "a\ud83d", "\ude00b"];
const ABBREVIATIONS = ["mg. ", "Dr. ", "e.g. ", "i.e. ", "b.i.d. ", "approx. ", "Mr. ", "a. ", "p.r.n. "];
const MARKUP = [
  "[",
  "](",
  "[a](",
  "![",
  "**",
  "__",
  "*a ",
  "_a ",
  "`",
  "~~",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "[x](javascript:alert(1))",
  "\\",
  "# ",
  "- ",
];

// Thousands of different sentences made of the same few dozen words: every word is in thousands of
// sentences, so no sentence can be located through a rare word.
// prettier-ignore
const COMMON_WORDS = [
  "pain", "knee", "back", "left", "right", "fever", "cough", "daily", "night", "worse", "better", "swelling",
  "walking", "stairs", "week", "tablet", "morning", "sleep", "chest", "breath", "dizzy", "nausea", "rash",
  "itch", "headache", "neck", "shoulder", "elbow", "wrist", "hip", "ankle", "foot", "skin", "blood", "sugar",
  "weight", "appetite",
];
const COMMON_WORD_SENTENCES = Array.from({ length: 8_000 }, (_, i) => {
  const word = (k: number) => COMMON_WORDS[k % COMMON_WORDS.length]!;
  return `${word(i)} ${word(Math.floor(i / 37) + 3)} ${word(Math.floor(i / 1369) + 7)}.`;
}).join("\n");

/** Each shape at a given length: every one has made some text algorithm quadratic or fail. */
export const SHAPES: Readonly<Record<string, (length: number) => string>> = {
  "latin run": (n) => fill(LATIN, n),
  "one letter repeated": (n) => fill("a", n),
  "y repeated": (n) => fill("y", n),
  digits: (n) => fill("0123456789", n),
  "CJK run": (n) => fill(CJK, n),
  "Thai run": (n) => fill(THAI, n),
  "Arabic words": (n) => fill(ARABIC, n),
  "Hebrew without spaces": (n) => fill(HEBREW.replace(/ /g, ""), n),
  spaces: (n) => `a${fill(" ", n - 2)}b`,
  tabs: (n) => `a${fill("\t", n - 2)}b`,
  newlines: (n) => fill("\n", n),
  CRLF: (n) => fill("\r\n", n),
  "mixed whitespace": (n) => fill(" \t\n\r\f\v\u00a0\u2003\u3000", n),
  "repeated word": (n) => fill("the ", n),
  "repeated word with commas": (n) => fill("my, ", n),
  "combining marks": (n) => `a${fill(COMBINING, n - 1)}`,
  "letters with marks": (n) => fill(`a${COMBINING} e\u0308\u0327 `, n),
  emoji: (n) => fill(EMOJI.join(""), n),
  "emoji with spaces": (n) => fill(`${EMOJI.join(" ")} `, n),
  "control characters": (n) => fill(CONTROL, n),
  "lone surrogates": (n) => fill(LONE_SURROGATES.join(""), n),
  dots: (n) => fill(".", n),
  "question and exclamation marks": (n) => fill("?!", n),
  "dots and spaces": (n) => fill(". ", n),
  punctuation: (n) => fill(".,;:!?()[]\"'-", n),
  "mg.": (n) => fill("mg. ", n),
  "Dr.": (n) => fill("Dr. ", n),
  abbreviations: (n) => fill(ABBREVIATIONS.join(""), n),
  "abbreviations without spaces": (n) => fill("mg.", n),
  "open brackets": (n) => fill("[", n),
  "bracket-paren": (n) => fill("](", n),
  "unclosed links": (n) => fill("[a](", n),
  stars: (n) => fill("*", n),
  "emphasis openers": (n) => fill("*a ", n),
  underscores: (n) => fill("_a ", n),
  backticks: (n) => fill("`", n),
  HTML: (n) => fill("<script>alert(1)</script>", n),
  dialogue: (n) => fill("Doctor: Any pain today?\nPatient: Yes, my knee hurts, 5 mg.\n", n),
  bullets: (n) => fill("- Knee pain for three days.\n", n),
  "different sentences of common words": (n) => fill(COMMON_WORD_SENTENCES, n),
  headings: (n) => fill("## Plan\n", n),
  fillers: (n) => fill("um uh you know, okay so ", n),
  "ASR spacing": (n) => fill("do n't , ( a ) ", n),
  "question tags": (n) => fill("right? ", n),
};

const SMALL = fc.integer({ min: 0, max: 300 });
const MEDIUM = fc.integer({ min: 0, max: 5_000 });

/**
 * A length: mostly small, sometimes a few thousand, rarely up to `max` (100,000 by default), so
 * that a property over ~100 runs sees a few large inputs.
 */
export function textLength(max = 100_000): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 12, arbitrary: SMALL },
    { weight: 4, arbitrary: MEDIUM },
    { weight: 1, arbitrary: fc.integer({ min: 0, max }) },
  );
}

/** Random units for each family of shapes, to vary what gets repeated. */
const UNITS: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...LATIN, ...LATIN.toUpperCase()), minLength: 1, maxLength: 12 }),
  fc.constantFrom(" ", "\t", "\n", " \t", "\r\n", "\n\n", "\u00a0", "\u3000", "   \n"),
  fc.constantFrom(...CJK, THAI, ARABIC, HEBREW),
  fc.constantFrom(...EMOJI),
  fc.string({ unit: fc.constantFrom(...COMBINING), minLength: 1, maxLength: 4 }),
  fc.constantFrom(...CONTROL, ...LONE_SURROGATES),
  fc.string({ unit: fc.constantFrom(..."."), minLength: 1, maxLength: 3 }),
  fc.constantFrom("!", "?", "...", "?!", ",", ";", ":", "-", "(", ")", '"', "'"),
  fc.constantFrom(...ABBREVIATIONS),
  fc.constantFrom(...MARKUP),
  fc.constantFrom("the ", "pain ", "no, ", "i ", "um ", "you know ", "okay so ", "do n't ", " ,", "right? "),
  fc.constantFrom("Doctor: ", "Patient: ", "[doctor] ", "Plan:\n", "## Plan\n", "- "),
  fc.constantFrom("5 mg", "seventy six", "3.5", "140/90", "1.", "hundred "),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
);

/** One block: a unit repeated to a drawn length (a long run of one shape), or a short random string. */
function block(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(UNITS, textLength(maxLength)).map(([unit, n]) => fill(unit, n)) },
    { weight: 2, arbitrary: UNITS },
  );
}

/**
 * Adversarial text: one to six blocks (each a long run of one shape or a short random piece),
 * concatenated and cut to `maxLength` code units.
 */
export function adversarialText(maxLength = 100_000): fc.Arbitrary<string> {
  return fc
    .array(block(maxLength), { minLength: 1, maxLength: 6 })
    .map((blocks) => blocks.join("").slice(0, maxLength));
}

/** One of the named shapes at a drawn length, for properties that should meet every shape. */
export function shapedText(maxLength = 100_000): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...Object.keys(SHAPES)), textLength(maxLength))
    .map(([shape, n]) => SHAPES[shape]!(n));
}

/** Named shapes or random mixtures. */
export function anyAdversarialText(maxLength = 100_000): fc.Arbitrary<string> {
  return fc.oneof(shapedText(maxLength), adversarialText(maxLength));
}
