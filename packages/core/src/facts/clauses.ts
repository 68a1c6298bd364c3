// Text read as the fact check needs it: lines, the speaker of each (when labelled, as in
// "[doctor] …" or "Patient: …"), and clauses — runs of words between ". ", "?", "!" or ";" —
// with whether each asks a question. One pass over the text; linear in its length.

import { isWhitespace } from "../text/characters";
import { QUESTION_OPENERS, SECOND_PERSON } from "./lexicon";

export type Speaker = "doctor" | "patient" | "other";

export interface Clause {
  /** Lower-case words ([a-z0-9] runs, decimals whole), in order. */
  words: string[];
  /** Ends with "?", or opens like one ("do you…", "any fever"). */
  question: boolean;
  speaker?: Speaker;
  /** Consecutive clauses of one speaker share a turn number. */
  turn: number;
}

const SPEAKER_LABEL = /^\s*(?:\[([a-z_ ]{1,30})\]|([a-z_]{1,30})\s?:)/i;
const WORD_SEPARATORS = /[^a-z0-9.]+/;
const DECIMAL = /^\d+\.\d+$/;

// prettier-ignore
const DOCTOR_LABELS = new Set(["doctor", "dr", "physician", "provider", "clinician", "d", "nurse", "np", "pa"]);
const PATIENT_LABELS = new Set(["patient", "pt", "p", "patient_guest", "guest", "mother", "father"]);

function speakerOf(label: string): Speaker {
  const name = label.trim().toLowerCase();
  if (DOCTOR_LABELS.has(name)) return "doctor";
  if (PATIENT_LABELS.has(name)) return "patient";
  return "other";
}

/** Lower-case [a-z0-9] runs; a decimal such as "7.5" stays one word. */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const piece of text.toLowerCase().split(WORD_SEPARATORS)) {
    if (!piece.includes(".") || DECIMAL.test(piece)) {
      if (piece.length > 0) words.push(piece);
      continue;
    }
    for (const part of piece.split(".")) if (part.length > 0) words.push(part);
  }
  return words;
}

function isQuestion(words: readonly string[], endsWithQuestionMark: boolean): boolean {
  if (endsWithQuestionMark) return true;
  const [first, second, third] = words;
  if (first === "any") return true;
  if (first === undefined || !QUESTION_OPENERS.has(first)) return false;
  return SECOND_PERSON.has(second ?? "") || SECOND_PERSON.has(third ?? "");
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * Where a clause ends: "?", "!", ";", or a "." followed by whitespace or the end (so "98.6",
 * "b.i.d" and "e.g." stay inside their clause).
 */
function endsClause(line: string, i: number): boolean {
  const code = line.charCodeAt(i);
  if (code === 0x3f || code === 0x21 || code === 0x3b) return true;
  if (code !== 0x2e) return false;
  const next = line.charCodeAt(i + 1);
  if (Number.isNaN(next) || isWhitespace(next)) return !(isDigit(line.charCodeAt(i - 1)) && isDigit(next));
  return false;
}

export function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  let turn = 0;
  let previousSpeaker: Speaker | undefined;
  for (const rawLine of text.split("\n")) {
    const label = SPEAKER_LABEL.exec(rawLine);
    const speaker = label ? speakerOf(label[1] ?? label[2]!) : previousSpeaker;
    const line = label ? rawLine.slice(label[0].length) : rawLine;
    if (line.trim().length === 0) continue;
    if (label || speaker !== previousSpeaker || speaker === undefined) turn++;
    previousSpeaker = speaker;
    let start = 0;
    for (let i = 0; i <= line.length; i++) {
      if (i < line.length && !endsClause(line, i)) continue;
      const words = wordsOf(line.slice(start, i));
      if (words.length > 0) {
        clauses.push({ words, question: isQuestion(words, line.charCodeAt(i) === 0x3f), speaker, turn });
      }
      start = i + 1;
    }
  }
  return clauses;
}
