// "Check against the notes", by fact rather than by word: what a summary states that a clinician
// would sign for — numbers, doses, frequencies, dates, sides, medicines, diagnoses, allergies, and
// whether a finding is present or absent — compared with what the consultation says. Cheap (no
// model), deterministic, the same for every writer and for the eval; linear in the texts' lengths.

import { stem } from "../text/porter-stemmer";
import { clausesOf, type Clause } from "./clauses";
import {
  DIAGNOSES,
  DIAGNOSIS_ENDINGS,
  FINDINGS,
  MEDICINE_ENDINGS,
  MEDICINES,
  NEGATED_AUXILIARIES,
  NEGATION_CUES,
  NEGATION_REACH,
  NO_ANSWERS,
  SCOPE_ENDS,
  SECOND_PERSON,
  SIDES,
  YES_ANSWERS,
} from "./lexicon";
import { doseMentions, foldNumbers, frequencyMentions, statedNumbers, type Mention } from "./numbers";

export type FactIssueKind =
  | "number"
  | "dose"
  | "dose_unit"
  | "frequency"
  | "date"
  | "side"
  | "medicine"
  | "diagnosis"
  | "allergy"
  | "negation"
  | "question";

export interface FactIssue {
  kind: FactIssueKind;
  /** What the summary says, as a short phrase ("20 mg", "left knee", "metoprolol"). */
  claim: string;
  /** Why it is flagged, for the clinician. */
  reason: string;
}

/** What a consultation states, indexed once for checking any number of summary lines. */
export interface SourceFacts {
  numbers: ReadonlySet<string>;
  /** Number → the dose units it is said with. */
  doseUnits: ReadonlyMap<string, ReadonlySet<string>>;
  frequencies: ReadonlySet<string>;
  /** Every word's stem. */
  stems: ReadonlySet<string>;
  /** A word's stem → the sides ("left", "right", "both") said right before it. */
  sides: ReadonlyMap<string, ReadonlySet<string>>;
  /** A finding's stem → PRESENT | ABSENT, as the consultation says it. */
  polarity: ReadonlyMap<string, number>;
  /** A medicine's stem → the doses ("20 mg") said with it, in the same clause. */
  medicineDoses: ReadonlyMap<string, ReadonlySet<string>>;
  /** A medicine's stem → the frequencies said with it, in the same clause. */
  medicineFrequencies: ReadonlyMap<string, ReadonlySet<string>>;
  allergiesDiscussed: boolean;
}

const PRESENT = 1;
const ABSENT = 2;
// prettier-ignore
const MONTHS = new Set([
  "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
  "december",
]);
// prettier-ignore
const NOT_DIAGNOSES = new Set(["diagnosis", "prognosis", "sympathy", "empathy", "academia", "diploma", "aroma"]);
const FINDING_STEMS = new Set(FINDINGS.map(stem));
const DIAGNOSIS_STEMS = new Set(DIAGNOSES.map(stem));
const MEDICINE_STEMS = new Set(MEDICINES.map(stem));
/** Words this short never count as a drug or diagnosis by their ending ("april", "coma"). */
const MIN_ENDING_MATCH = 7;

function endsWithAny(word: string, endings: readonly string[]): boolean {
  return word.length >= MIN_ENDING_MATCH && endings.some((ending) => word.endsWith(ending));
}

/** A medicine's name: in the lexicon, or with a drug-class ending ("-pril", "-statin"…). */
export function isMedicine(word: string): boolean {
  return (
    MEDICINE_STEMS.has(stem(word)) ||
    (!DIAGNOSIS_STEMS.has(stem(word)) && endsWithAny(word, MEDICINE_ENDINGS))
  );
}

export function isDiagnosis(word: string): boolean {
  if (NOT_DIAGNOSES.has(word)) return false;
  return DIAGNOSIS_STEMS.has(stem(word)) || endsWithAny(word, DIAGNOSIS_ENDINGS);
}

function isTerm(word: string): boolean {
  const root = stem(word);
  return FINDING_STEMS.has(root) || DIAGNOSIS_STEMS.has(root);
}

function isAllergyWord(word: string): boolean {
  return word.startsWith("allerg") || word === "nkda";
}

/** How far from a medicine a dose or frequency may be to be its: "one hundred milligrams of the metformin". */
const MEDICINE_REACH = 12;

interface MedicineMention {
  medicine: string;
  doses: string[];
  frequencies: string[];
}

/**
 * Each medicine named, with the doses and frequencies said nearest to it (within MEDICINE_REACH
 * words, before or after), so "lisinopril 20 mg daily and metformin 500 mg twice daily" gives each
 * its own.
 */
function medicineMentions(words: readonly string[]): MedicineMention[] {
  const folded = foldNumbers(words);
  const medicines: Array<MedicineMention & { at: number }> = [];
  folded.forEach((word, at) => {
    if (isMedicine(word)) medicines.push({ at, medicine: word, doses: [], frequencies: [] });
  });
  if (medicines.length === 0) return [];
  const attach = (mentions: Mention[], list: "doses" | "frequencies") => {
    let m = 0;
    for (const { at, text } of mentions) {
      while (
        m + 1 < medicines.length &&
        Math.abs(medicines[m + 1]!.at - at) < Math.abs(medicines[m]!.at - at)
      )
        m++;
      if (Math.abs(medicines[m]!.at - at) <= MEDICINE_REACH) medicines[m]![list].push(text);
    }
  };
  attach(doseMentions(folded), "doses");
  attach(frequencyMentions(folded), "frequencies");
  return medicines;
}

/**
 * Whether the words at `i` negate what follows: "no", "denies", "don't" (don + t), and ASR's
 * spaced "do n't", "does n't", "ca n't" (do + n + t, as ACI-Bench transcripts write them)…
 */
function negationAt(words: readonly string[], i: number): number {
  const word = words[i]!;
  if (NEGATION_CUES.has(word)) return word === "negative" && words[i + 1] === "for" ? 2 : 1;
  if (NEGATED_AUXILIARIES.has(word) && words[i + 1] === "t") return 2;
  if (words[i + 1] === "n" && words[i + 2] === "t") return 3;
  if (word === "cannot") return 1;
  return 0;
}

/** Each finding or diagnosis the clause mentions, with whether it says it is present or absent. */
function termPolarities(words: readonly string[]): Array<{ word: string; polarity: number }> {
  const terms: Array<{ word: string; polarity: number }> = [];
  let negatedUntil = -1;
  for (let i = 0; i < words.length; i++) {
    const cue = negationAt(words, i);
    if (cue > 0) {
      negatedUntil = i + cue - 1 + NEGATION_REACH;
      i += cue - 1;
      continue;
    }
    const word = words[i]!;
    if (SCOPE_ENDS.has(word)) negatedUntil = -1;
    if (isTerm(word)) terms.push({ word, polarity: i <= negatedUntil ? ABSENT : PRESENT });
  }
  return terms;
}

/** A plain yes or no that opens an answer, if it does. */
function answerPolarity(clause: Clause | undefined): number {
  const first = clause?.words[0];
  if (first === undefined) return 0;
  if (NO_ANSWERS.has(first) || (first === "not" && clause!.words[1] === "really")) return ABSENT;
  if (YES_ANSWERS.has(first)) return PRESENT;
  return 0;
}

/** The first clause of the next turn, if the next clause is in another turn. */
function replyTo(clauses: readonly Clause[], i: number): Clause | undefined {
  const next = clauses[i + 1];
  return next && next.turn !== clauses[i]!.turn ? next : undefined;
}

/** Records "100 mg" as 100 → mg. */
function addDoseUnit(map: Map<string, Set<string>>, dose: string): void {
  const [number, unit] = dose.split(" ") as [string, string];
  addTo(map, number, unit);
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** The side said before each of the next three words: "left knee", "right lower extremity". */
function sidedWords(words: readonly string[]): Array<{ side: string; word: string }> {
  const sided: Array<{ side: string; word: string }> = [];
  for (let i = 0; i < words.length; i++) {
    const side = SIDES.get(words[i]!);
    if (!side) continue;
    for (let j = i + 1; j <= i + 3 && j < words.length && !SIDES.has(words[j]!); j++) {
      sided.push({ side, word: words[j]! });
    }
  }
  return sided;
}

export function indexFacts(source: string): SourceFacts {
  const numbers = new Set<string>();
  const doseUnits = new Map<string, Set<string>>();
  const frequencies = new Set<string>();
  const stems = new Set<string>();
  const sides = new Map<string, Set<string>>();
  const polarity = new Map<string, number>();
  const medicineDoses = new Map<string, Set<string>>();
  const medicineFrequencies = new Map<string, Set<string>>();
  let allergiesDiscussed = false;
  const record = (word: string, bit: number) => {
    const root = stem(word);
    polarity.set(root, (polarity.get(root) ?? 0) | bit);
  };
  const clauses = clausesOf(source);
  clauses.forEach((clause, i) => {
    const { words } = clause;
    for (const number of statedNumbers(words)) numbers.add(number);
    const folded = foldNumbers(words);
    for (const { text } of doseMentions(folded)) addDoseUnit(doseUnits, text);
    for (const { text } of frequencyMentions(folded)) frequencies.add(text);
    for (const word of words) {
      stems.add(stem(word));
      allergiesDiscussed ||= isAllergyWord(word);
    }
    for (const { side, word } of sidedWords(words)) addTo(sides, stem(word), side);
    for (const { medicine, doses, frequencies: given } of medicineMentions(words)) {
      for (const dose of doses) addTo(medicineDoses, stem(medicine), dose);
      for (const frequency of given) addTo(medicineFrequencies, stem(medicine), frequency);
    }
    if (clause.question) {
      // A question states nothing; a plain yes or no in reply says whether its findings are there.
      const answer = answerPolarity(replyTo(clauses, i));
      if (answer) for (const { word } of termPolarities(words)) record(word, answer);
      return;
    }
    // "No, I haven't had chest pain" in reply to a question: after the "no", the reply's own words
    // speak for themselves. Anywhere else a leading "no" negates what follows ("no known allergies").
    const replying = i > 0 && clauses[i - 1]!.question && clauses[i - 1]!.turn !== clause.turn;
    const own = replying && answerPolarity(clause) ? words.slice(1) : words;
    for (const { word, polarity: said } of termPolarities(own)) record(word, said);
  });
  return {
    numbers,
    doseUnits,
    frequencies,
    stems,
    sides,
    polarity,
    medicineDoses,
    medicineFrequencies,
    allergiesDiscussed,
  };
}

function clauseIssues(clause: Clause, facts: SourceFacts): FactIssue[] {
  const { words } = clause;
  const issues: FactIssue[] = [];
  if (clause.question || words.some((word) => SECOND_PERSON.has(word))) {
    issues.push({
      kind: "question",
      claim: words.slice(0, 8).join(" "),
      reason: "reads as a question or as speech to the patient, not as a finding",
    });
  }
  for (const number of new Set(statedNumbers(words))) {
    if (!facts.numbers.has(number)) {
      issues.push({ kind: "number", claim: number, reason: `the notes never say ${number}` });
    }
  }
  const folded = foldNumbers(words);
  for (const { text } of doseMentions(folded)) {
    const [number, unit] = text.split(" ") as [string, string];
    const said = facts.doseUnits.get(number);
    if (said && !said.has(unit)) {
      const other = [...said].join(" or ");
      issues.push({ kind: "dose_unit", claim: text, reason: `the notes say ${number} ${other}` });
    }
  }
  for (const frequency of new Set(frequencyMentions(folded).map(({ text }) => text))) {
    if (!facts.frequencies.has(frequency)) {
      issues.push({
        kind: "frequency",
        claim: frequency,
        reason: `the notes never give this frequency (${frequency})`,
      });
    }
  }
  for (const word of words) {
    const root = stem(word);
    if (MONTHS.has(word) && !facts.stems.has(root)) {
      issues.push({ kind: "date", claim: word, reason: `the notes never mention ${word}` });
    } else if (isMedicine(word) && !facts.stems.has(root)) {
      issues.push({ kind: "medicine", claim: word, reason: `the notes never mention ${word}` });
    } else if (isDiagnosis(word) && !facts.stems.has(root)) {
      issues.push({ kind: "diagnosis", claim: word, reason: `the notes never mention ${word}` });
    }
  }
  if (!facts.allergiesDiscussed) {
    const allergy = words.find(isAllergyWord);
    if (allergy) {
      issues.push({ kind: "allergy", claim: allergy, reason: "the notes never discuss allergies" });
    }
  }
  for (const { side, word } of sidedWords(words)) {
    const said = facts.sides.get(stem(word));
    if (said && !said.has(side)) {
      const other = [...said].join(" or ");
      issues.push({ kind: "side", claim: `${side} ${word}`, reason: `the notes say ${other} ${word}` });
    }
  }
  issues.push(...medicinePairingIssues(words, facts));
  // A question is flagged as one; what it asks about is neither present nor absent.
  if (clause.question) return issues;
  for (const { word, polarity } of termPolarities(words)) {
    const said = facts.polarity.get(stem(word)) ?? 0;
    if (said === 0 || (said & polarity) !== 0) continue;
    issues.push({
      kind: "negation",
      claim: word,
      reason:
        polarity === ABSENT
          ? `says there is no ${word}; the notes say there is`
          : `says there is ${word}; the notes say there is none`,
    });
  }
  return issues;
}

/**
 * A dose or frequency said of a medicine the notes give other doses or frequencies for: "lisinopril
 * 20 mg twice daily" when the notes say lisinopril 20 mg once a day (and twice a day of another).
 */
function medicinePairingIssues(words: readonly string[], facts: SourceFacts): FactIssue[] {
  const issues: FactIssue[] = [];
  for (const { medicine, doses, frequencies } of medicineMentions(words)) {
    const root = stem(medicine);
    const saidDoses = facts.medicineDoses.get(root);
    for (const dose of doses) {
      if (saidDoses && !saidDoses.has(dose)) {
        const said = [...saidDoses].join(" or ");
        issues.push({
          kind: "dose",
          claim: `${medicine} ${dose}`,
          reason: `the notes give ${medicine} ${said}`,
        });
      }
    }
    const saidFrequencies = facts.medicineFrequencies.get(root);
    for (const frequency of frequencies) {
      if (saidFrequencies && !saidFrequencies.has(frequency)) {
        const said = [...saidFrequencies].join(" or ");
        issues.push({
          kind: "frequency",
          claim: `${medicine} ${frequency}`,
          reason: `the notes give ${medicine} ${said}`,
        });
      }
    }
  }
  return issues;
}

/**
 * What in a piece of summary (a line, a bullet, a paragraph) the consultation does not support,
 * each with the reason. An empty list means no fact in it was found wanting — not that it is true.
 */
export function checkFacts(text: string, facts: SourceFacts): FactIssue[] {
  const issues: FactIssue[] = [];
  const seen = new Set<string>();
  for (const clause of clausesOf(text)) {
    for (const issue of clauseIssues(clause, facts)) {
      const key = `${issue.kind}:${issue.claim}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}
