// The demographic line a note opens with ("50-year-old female with a past medical history
// significant for congestive heart failure, who presents for her annual exam."), taken from the
// sentence of the visit that states the patient's age — never composed from parts.

import { noteLine } from "./note-register";
import type { SourceSentence } from "./parse-consultation";
import { tokenize, untokenize, type Token } from "./tokens";

// prettier-ignore
const PRONOUN_SUBJECTS = new Set(["she's", "he's", "she", "he", "you're", "you", "patient", "the", "is", "are", "a", "an"]);
/** Where the line ends: the clinician turns to the patient ("and what brings you in today"). */
// prettier-ignore
const TURNS = new Set(["okay", "alright", "so", "what", "how", "um", "uh", "hi", "hello", "hey"]);
const MAX_WORDS = 45;
// prettier-ignore
const PERSONS = new Set([
  "male", "female", "man", "woman", "gentleman", "lady", "boy", "girl", "patient", "caucasian", "white",
  "black", "african", "hispanic", "asian", "transgender", "nonbinary",
]);

function isAge(tokens: readonly Token[], at: number): boolean {
  const w = tokens[at]!.bare;
  if (/^\d{1,3}-years?-old$/.test(w) || w.endsWith("-year-old")) return true;
  const next = tokens[at + 1]?.bare;
  return (next === "year" || next === "years") && tokens[at + 2]?.bare === "old";
}

export interface Demographic {
  /** The source sentence's index. */
  index: number;
  line: string;
  /** What the patient presents with or for, as said ("Joint pain."), when the line says it. */
  reason?: string;
}

// prettier-ignore
const REASON_LEADS = [
  "presents today with complaints of", "presents with complaints of", "presents today for", "presents today with",
  "presents for", "presents with", "here today for", "here today with", "here for", "here with",
  "comes in for", "coming in for", "in today for", "in today with",
].map((lead) => lead.split(" "));
const REASON_SKIPS = new Set(["a", "an", "her", "his", "the", "some", "evaluation", "of", "new"]);

/** "… who presents today with complaints of joint pain" → "Joint pain." */
function reasonFor(tokens: readonly Token[]): string | undefined {
  for (let k = 0; k < tokens.length; k++) {
    const lead = REASON_LEADS.find((phrase) => phrase.every((w, j) => tokens[k + j]?.bare === w));
    if (!lead) continue;
    let start = k + lead.length;
    while (start < tokens.length && REASON_SKIPS.has(tokens[start]!.bare)) start++;
    const reason = tokens
      .slice(start)
      .map((t) => t.core)
      .filter(Boolean);
    if (reason.length === 0 || reason.length > 8) return undefined;
    const text = reason.join(" ");
    return text.charAt(0).toUpperCase() + text.slice(1) + ".";
  }
  return undefined;
}

/** The demographic line, or undefined when no sentence states the patient's age. */
export function demographicLine(sentences: readonly SourceSentence[]): Demographic | undefined {
  for (const s of sentences) {
    const tokens = tokenize(s.raw);
    const age = tokens.findIndex((_, k) => isAge(tokens, k));
    // Someone's age is the patient's only with a person after it ("a 50-year-old female").
    if (age < 0 || !tokens.slice(age + 1, age + 4).some((t) => PERSONS.has(t.bare))) continue;
    // The subject before the age: a name is kept ("Martha is a 50-year-old …"), a pronoun dropped.
    let start = age;
    while (start > 0 && age - start < 4 && !tokens[start - 1]!.post.includes(",")) start--;
    while (start < age && (PRONOUN_SUBJECTS.has(tokens[start]!.bare) || TURNS.has(tokens[start]!.bare)))
      start++;
    // "karen nelson is a 3-year-old … eye twitch karen is accompanied by": the name again starts
    // another sentence.
    const name = tokens.slice(start, age).find((t) => !PRONOUN_SUBJECTS.has(t.bare) && !TURNS.has(t.bare));
    let end = age + 1;
    while (end < tokens.length && end - start < MAX_WORDS) {
      if (name && tokens[end]!.bare === name.bare) break;
      // ", and what brings you in today" turns to the patient; ", and arthritis" does not.
      const turnsToPatient =
        tokens[end - 1]!.post.includes(",") &&
        tokens[end]!.bare === "and" &&
        TURNS.has(tokens[end + 1]?.bare ?? "");
      if (TURNS.has(tokens[end]!.bare) || turnsToPatient) break;
      end++;
    }
    const line = noteLine(untokenize(tokens.slice(start, end)), "narrative");
    if (line) return { index: s.index, line, reason: reasonFor(tokens.slice(age, end)) };
  }
  return undefined;
}
