// Sentence segments with offsets, for grounding: a line breaks after a run of ".", "!" or "?"
// (optionally followed by closing quotes or brackets) and whitespace, unless the next character
// is a lower-case letter or the "." ends an abbreviation such as "Dr." or "e.g." or a single letter.
//
// One left-to-right scan: every character is looked at a bounded number of times, whatever the
// text (long punctuation runs, thousands of "mg." in a row), so the cost is linear in its length.

import { isAsciiLetter, isAsciiLowerCase, isWhitespace } from "./characters";
import type { WorkMeter } from "./work-meter";

export interface Segment {
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
const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((word) => word.length));

function isSentenceEnd(code: number): boolean {
  return code === 0x2e || code === 0x21 || code === 0x3f; // . ! ?
}

function isCloser(code: number): boolean {
  return code === 0x22 || code === 0x27 || code === 0x29 || code === 0x5d; // " ' ) ]
}

function isWordOrDot(code: number): boolean {
  return isAsciiLetter(code) || code === 0x2e;
}

/**
 * Whether the "." at `dot` ends an abbreviation: the run of letters and dots before it (not
 * reaching back past `from`) is a known abbreviation or a single letter. Looks back at most one
 * character further than the longest abbreviation.
 */
function endsAbbreviation(line: string, from: number, dot: number): boolean {
  let start = dot;
  while (start > from && dot - start <= LONGEST_ABBREVIATION && isWordOrDot(line.charCodeAt(start - 1)))
    start--;
  const length = dot - start;
  if (length === 0 || length > LONGEST_ABBREVIATION) return false;
  const word = line.slice(start, dot).toLowerCase();
  return ABBREVIATIONS.has(word) || (length === 1 && isAsciiLowerCase(word.charCodeAt(0)));
}

function pushTrimmed(segments: Segment[], line: string, from: number, to: number, offset: number): void {
  let a = from;
  let b = to;
  while (a < b && isWhitespace(line.charCodeAt(a))) a++;
  while (b > a && isWhitespace(line.charCodeAt(b - 1))) b--;
  if (b > a) segments.push({ text: line.slice(a, b), start: offset + a, end: offset + b });
}

/** Splits one line (starting at `offset` in its text) into trimmed sentence segments with offsets. */
export function splitSentences(line: string, offset: number, meter?: WorkMeter): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  let i = 0;
  while (i < line.length) {
    if (!isSentenceEnd(line.charCodeAt(i))) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < line.length && isSentenceEnd(line.charCodeAt(i))) i++;
    while (i < line.length && isCloser(line.charCodeAt(i))) i++;
    const spaceStart = i;
    while (i < line.length && isWhitespace(line.charCodeAt(i))) i++;
    meter?.add(i - runStart);
    // Punctuation not followed by whitespace ("3.5", "?!x") is not a boundary.
    if (i === spaceStart) continue;
    if (i < line.length && isAsciiLowerCase(line.charCodeAt(i))) continue;
    if (line.charCodeAt(runStart) === 0x2e && endsAbbreviation(line, start, runStart)) continue;
    pushTrimmed(segments, line, start, i, offset);
    start = i;
  }
  pushTrimmed(segments, line, start, line.length, offset);
  meter?.add(line.length);
  return segments;
}

/** Every line's sentence segments, with offsets into `text`. */
export function textSegments(text: string, meter?: WorkMeter): Segment[] {
  const segments: Segment[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    for (const segment of splitSentences(line, offset, meter)) segments.push(segment);
    offset += line.length + 1;
  }
  return segments;
}
