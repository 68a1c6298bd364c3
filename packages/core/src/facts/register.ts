// The note register check: whether a line of a summary reads as speech rather than as a clinical
// note. A note is written in the third person ("Reports knee pain for 3 weeks."); a line that
// speaks to the patient ("you", "your"), speaks as someone ("I", "I'm", "my", "we", "let's"),
// carries a filler of speech ("um", "uh", "okay", "gonna", "kinda", "alright", a leading "so" or
// "like", "like" set off by commas) or asks a question ("?" or "do you…", "any fever") is in
// conversational register. The eval reports the share of such lines (lower is better).
//
// One left-to-right scan of each line plus the fact check's clause reader for questions: linear in
// the line's length, no backtracking regular expressions.

import { isAsciiDigit, isAsciiLetter, isAsciiWordCharacter } from "../text/characters";
import { clausesOf } from "./clauses";
import { SECOND_PERSON as CHECKED_SECOND_PERSON } from "./lexicon";

export type RegisterCue = "second_person" | "first_person" | "filler" | "question";

export interface RegisterFlag {
  cue: RegisterCue;
  /** The word that shows it ("you", "i'm", "gonna"), or "?" for a question mark. */
  word: string;
}

// The fact check's second-person words, and the contracted and spoken forms this line reader keeps
// whole (it does not split at apostrophes).
// prettier-ignore
const SECOND_PERSON = new Set([
  ...CHECKED_SECOND_PERSON, "yourselves", "you're", "you've", "you'll", "you'd", "ya", "y'all", "y'know",
]);
// prettier-ignore
const FIRST_PERSON = new Set([
  "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we're", "we've", "we'll", "we'd",
  "us", "our", "ours", "ourselves", "let's",
]);
/** Written in capitals these are abbreviations, not pronouns: US (ultrasound), ME. */
const ABBREVIATION_WHEN_UPPER = new Set(["us", "me"]);
/** "type I", "grade I": a Roman numeral, not a pronoun. */
// prettier-ignore
const ROMAN_NUMERAL_AFTER = new Set(["type", "grade", "class", "stage", "phase", "level", "tier", "mobitz", "degree"]);
// prettier-ignore
const FILLERS = new Set([
  "um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "hm", "mm", "mhm", "okay", "ok", "alright",
  "gonna", "wanna", "gotta", "kinda", "sorta", "yeah", "yep", "yup", "nope",
]);
/** A leading "so" that starts a plain clause, not "so far" or "so that". */
const SO_NOT_FILLER_BEFORE = new Set(["far", "that", "much", "many", "long"]);

interface Word {
  /** Lower case, curly apostrophes straightened. */
  text: string;
  /** As written. */
  raw: string;
  start: number;
  end: number;
}

function isLetterOrDigit(code: number): boolean {
  return isAsciiLetter(code) || isAsciiDigit(code);
}

/** Runs of letters, digits and apostrophes, with their offsets; apostrophes at a run's ends dropped. */
function wordsOf(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    if (!isAsciiWordCharacter(line.charCodeAt(i))) {
      i++;
      continue;
    }
    let start = i;
    while (i < line.length && isAsciiWordCharacter(line.charCodeAt(i))) i++;
    let end = i;
    while (start < end && !isLetterOrDigit(line.charCodeAt(start))) start++;
    while (end > start && !isLetterOrDigit(line.charCodeAt(end - 1))) end--;
    if (end === start) continue;
    const raw = line.slice(start, end);
    words.push({ raw, text: raw.toLowerCase().replaceAll("\u2019", "'"), start, end });
  }
  return words;
}

/** The first non-space character at or after `from`, or -1. */
function nextMark(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09) return code;
  }
  return -1;
}

/** The last non-space character before `to`, or -1. */
function previousMark(line: string, to: number): number {
  for (let i = to - 1; i >= 0; i--) {
    const code = line.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09) return code;
  }
  return -1;
}

const COMMA = 0x2c;
const SPEAKER_LABEL = /^\s*(?:\[[a-z_ ]{1,30}\]|[a-z_]{1,30}\s?:)/i;

function isPronoun(words: readonly Word[], k: number, line: string): boolean {
  const word = words[k]!;
  if (!FIRST_PERSON.has(word.text)) return false;
  if (ABBREVIATION_WHEN_UPPER.has(word.text) && word.raw === word.raw.toUpperCase()) return false;
  if (word.text === "i") {
    // "i.e." and "type I" are not the speaker.
    if (line.charCodeAt(word.end) === 0x2e && (line.charCodeAt(word.end + 1) | 0x20) === 0x65) return false;
    if (k > 0 && ROMAN_NUMERAL_AFTER.has(words[k - 1]!.text)) return false;
  }
  return true;
}

function isFiller(words: readonly Word[], k: number, line: string): boolean {
  const word = words[k]!;
  if (FILLERS.has(word.text)) return true;
  const first = k === 0;
  if (word.text === "so") return first && !SO_NOT_FILLER_BEFORE.has(words[k + 1]?.text ?? "");
  if (word.text === "like") {
    return first || previousMark(line, word.start) === COMMA || nextMark(line, word.end) === COMMA;
  }
  return false;
}

/**
 * What makes a line of a summary read as speech, one flag per kind of cue (the first word that shows
 * it); an empty list means the line is in note register. A leading speaker label ("[doctor]",
 * "Patient:") is skipped, not counted.
 */
export function conversationalCues(line: string): RegisterFlag[] {
  const label = SPEAKER_LABEL.exec(line);
  const text = label ? line.slice(label[0].length) : line;
  const flags: RegisterFlag[] = [];
  const flag = (cue: RegisterCue, word: string) => {
    if (!flags.some((existing) => existing.cue === cue)) flags.push({ cue, word });
  };
  const words = wordsOf(text);
  words.forEach((word, k) => {
    if (SECOND_PERSON.has(word.text)) flag("second_person", word.text);
    else if (isPronoun(words, k, text)) flag("first_person", word.text);
    else if (isFiller(words, k, text)) flag("filler", word.text);
  });
  if (text.includes("?")) flag("question", "?");
  else {
    const question = clausesOf(text).find((clause) => clause.question);
    if (question) flag("question", question.words[0]!);
  }
  return flags;
}

export function isConversational(line: string): boolean {
  return conversationalCues(line).length > 0;
}

/** The share (0–1) of lines in conversational register; 0 when there are none. */
export function conversationalShare(lines: readonly string[]): number {
  if (lines.length === 0) return 0;
  return lines.filter(isConversational).length / lines.length;
}
