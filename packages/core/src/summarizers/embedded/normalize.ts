// Light text normalisation for the embedded note writer: ASR spacing, fillers, leading markers.
// Everything here only removes material (speaker labels, fillers, stutters, ASR spacing)
// or changes case/final punctuation, so output sentences stay traceable to the source.

/** Filler tokens removed wherever they occur as whole words. */
export const FILLER_WORDS = [
  "um",
  "umm",
  "uh",
  "uhh",
  "uh-huh",
  "er",
  "erm",
  "hmm",
  "hm",
  "mm",
  "mhm",
  "mm-hmm",
];

const FILLER_RE = new RegExp(
  `(?:,\\s*)?(^|\\s)(?:${FILLER_WORDS.map(escapeRe).join("|")})(?=[\\s,.?!;:]|$)(?:\\s*,)?`,
  "gi",
);
/** "you know" only as an aside: after a comma or at the start, before a comma or the end. */
const YOU_KNOW_RE = /(^|,)\s*you know\s*(?=,|[.?!;]|$)/gi;

/** Discourse markers removed from the start of a sentence (repeatedly), even without punctuation. */
const LEADING_MARKERS_LOOSE = [
  "okay so",
  "ok so",
  "all right so",
  "alright so",
  "and so",
  "so",
  "okay",
  "ok",
  "alright",
  "all right",
  "and",
  "but",
  "oh",
  "ah",
  "then",
  "also",
  "like",
  "just",
  "i mean",
  "anyway",
  "hey",
  "hi",
  "hello",
  "wow",
  "now",
];
/** Markers removed only when followed by punctuation ("No, I don't" but not "No allergies"). */
const LEADING_MARKERS_PUNCT = [
  "well",
  "yeah",
  "yes",
  "yep",
  "no",
  "nope",
  "great",
  "good",
  "perfect",
  "wonderful",
  "excellent",
  "sure",
  "right",
  "i see",
  "got it",
  "gotcha",
  "awesome",
  "correct",
  "exactly",
  "thanks",
  "thank you",
  "cool",
  "fine",
  "sir",
  "ma'am",
  "doctor",
  "doc",
  "sorry",
];
const LEADING_RE = new RegExp(
  `^(?:(?:${LEADING_MARKERS_LOOSE.map(escapeRe).join("|")})(?:[,.!]+\\s*|\\s+(?=\\S))|(?:${LEADING_MARKERS_PUNCT.map(escapeRe).join("|")})[,.!]+\\s*)`,
  "i",
);

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A whitespace run is only tried from its first character ("(?<!\s)"): the match, if any, is the
// same, but a long run that is not followed by the right character is scanned once instead of once
// from every position in it (quadratic). The same guard keeps "X+$" trims linear.

/** Undo ASR-style tokenisation: "do n't" → "don't", "word ," → "word,", "gon na" → "gonna". */
export function fixAsrSpacing(text: string): string {
  return text
    .replace(/(?<!\s)\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/gi, "$1")
    .replace(/\b(gon|wan|got) (na|ta)\b/gi, "$1$2")
    .replace(/\b(\d+) -(years?-old|months?-old|weeks?-old)\b/gi, "$1-$2")
    .replace(/(?<!\s)\s+([,.;:!?%])/g, "$1")
    .replace(/([([])\s+/g, "$1")
    .replace(/(?<!\s)\s+([)\]])/g, "$1")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** Removes fillers ("um", "uh", "you know") and immediate word stutters ("i, i" → "i", "my my" → "my"). */
export function stripFillers(text: string): string {
  let out = text
    .replace(FILLER_RE, "$1")
    .replace(/,\s*you know\s*,/gi, " ")
    .replace(YOU_KNOW_RE, "$1")
    .replace(/^\s*you know,\s*/i, "");
  // Stutters: a word (optionally followed by a comma) repeated immediately.
  out = out.replace(/\b([a-z']+)(?:,?\s+\1\b)+/gi, "$1");
  // Truncated ASR fragments like "sh- shows" or "y- you".
  out = out.replace(/(^|\s)[a-z]{1,3}-\s+(?=[a-z])/gi, "$1");
  return out
    .replace(/(?<!\s)\s+,/g, ",")
    .replace(/,\s*,+/g, ",")
    .replace(/^[\s,;:]+/, "")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

const SELF_CORRECTION_RE =
  /\b(?:no,?\s+actually|actually,?\s+no|no,?\s+wait|scratch that|strike that|never mind|sorry,?\s+i mean)\b[,.]?\s*/gi;
const MIN_WORDS_CORRECTED = 2;

/**
 * A speaker who corrects themselves ("i'm going to add naproxen no actually let's not add …") did not
 * mean what came before the correction: only what follows it is kept. A correction that opens the
 * sentence ("actually no, I haven't") is an answer, not a correction, and stays.
 */
export function afterSelfCorrection(text: string): string {
  let kept = text;
  for (const match of text.matchAll(SELF_CORRECTION_RE)) {
    const before = text.slice(0, match.index).trim().split(/\s+/).filter(Boolean);
    if (before.length >= MIN_WORDS_CORRECTED) kept = text.slice(match.index + match[0].length);
  }
  return kept;
}

/** Removes leading discourse markers ("okay, so, um, well ..."). */
export function stripLeadingMarkers(text: string): string {
  let out = text.trim();
  for (let i = 0; i < 8; i++) {
    const next = out.replace(LEADING_RE, "").replace(/^[\s,;:.-]+/, "");
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Capitalises the first letter and the pronoun "i", and ensures final punctuation. */
export function finishSentence(text: string): string {
  let out = text.trim().replace(/(?<![,;:\s-])[,;:\s-]+$/, "");
  if (!out) return out;
  out = out.replace(/(^|[\s"(])i(?=$|[\s,.?!;:']|'m|'ve|'ll|'d)/g, "$1I");
  out = out.charAt(0).toUpperCase() + out.slice(1);
  if (!/[.!?]$/.test(out)) out += ".";
  return out;
}

/** Lower-cased content-ish words of a sentence (letters/digits only). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}
