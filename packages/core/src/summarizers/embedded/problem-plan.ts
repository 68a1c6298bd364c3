// A problem-oriented assessment and plan from the end of a visit: the clinician names each problem
// ("for your second problem, your hypothyroidism, …", "from a diabetes standpoint", "number two,
// neck pain …") and then says what they think and what they will do. Each problem gets one entry
// in the assessment (the impression) and one in the plan (its orders: "Hypertension: Order a lipid
// panel. Increase lisinopril to 40 mg once daily."). Orders said before any problem is named are
// listed on their own. The words are the clinician's, rewritten by note-register.ts; nothing is
// added but the problem's name as a label.

import { isNumberToken, numberWordValue } from "../../text/content-tokens";
import { PATTERNS } from "./section-rules";
import { tokenize, untokenize, withoutRepeats, type Token } from "./tokens";
import { isDiagnosis, isMedicine } from "../../facts/check-facts";
import { isConversational } from "../../facts/register";
import { CLINICIAN_SUBJECTS, CONDITIONS, EMBEDS_QUESTION, noteLine } from "./note-register";
import type { SourceSentence } from "./parse-consultation";

export interface ProblemEntry {
  /** As said ("hypothyroidism"), capitalised; undefined for orders before any problem is named. */
  problem?: string;
  assessment: string[];
  plan: string[];
}

export interface ProblemPlan {
  entries: ProblemEntry[];
  followUp: string[];
  /** Indices of the source sentences the entries were written from. */
  used: Set<number>;
}

// prettier-ignore
const ORDINALS = new Set(["first", "second", "third", "fourth", "fifth", "sixth", "next", "last", "final", "other", "main", "primary"]);
// prettier-ignore
const NUMBERED = new Set(["one", "two", "three", "four", "five", "six", "1", "2", "3", "4", "5", "6"]);
/** Where a problem's name ends: the next clause's subject or a speech word. */
// prettier-ignore
const NAME_ENDS = new Set([
  "i", "i'm", "i'd", "i'll", "i've", "we", "we're", "we'll", "we've", "let's", "you", "you're", "it",
  "it's", "that", "that's", "this", "which", "so", "okay", "alright", "um", "uh", "there", "he", "she",
  "he's", "she's", "what", "my", "is", "are", "was", "were", "has", "have", "had", "seems", "looks",
  "standpoint", "perspective", "wise", "now", "then", "just", "like", "go", "gonna", "wan", "na",
]);
// prettier-ignore
const NAME_SKIPS = new Set(["the", "your", "his", "her", "their", "of", "for", "with", "is", "a", "an", "this"]);
/** Openers before a problem's name at a sentence's start ("so for your …", "and then regarding …"). */
// prettier-ignore
const OPENERS = new Set(["so", "and", "now", "then", "okay", "alright", "um", "uh", "well", "also", "next", "lastly", "finally", "as"]);
// prettier-ignore
const ABOUT = new Set(["for", "regarding", "about"]);
/** A plan line starts with one of these once note-register has taken the lead off. */
// prettier-ignore
const ORDER_VERBS = new Set([
  "continue", "start", "prescribe", "order", "refer", "increase", "decrease", "reduce", "stop",
  "discontinue", "hold", "schedule", "recommend", "obtain", "check", "send", "repeat", "add", "switch",
  "change", "taper", "give", "keep", "avoid", "monitor", "get", "set", "put", "place", "perform",
  "administer", "apply", "use", "wear", "ice", "elevate", "rest", "restart", "resume", "begin", "try",
  "follow", "return", "call", "draw", "record", "watch", "limit", "drink", "walk", "exercise", "lose",
  "take", "push", "consider", "dispense", "come", "discuss", "test", "screen", "treat", "prescribed", "started", "ordered", "write",
]);
const FOLLOW_UP_VERBS = new Set(["follow", "return", "call", "come"]);
/** What a clinician says when giving an impression ("I think this is …", "my impression is …"). */
const MAX_NAME_WORDS = 6;
const MAX_DICTATED_WORDS = 14;
const MIN_REASONING_WORDS = 6;
// prettier-ignore
const REASONS = new Set(["because", "since", "to", "so", "which", "just", "as", "for", "until"]);
const MAX_LINE_WORDS = 40;
const SOONER = new Set(["sooner", "earlier"]);

/** A clause that says why, or when otherwise, of the order before it. */
function qualifiesOrder(tokens: readonly Token[]): boolean {
  return REASONS.has(bare(tokens, 0)) || (bare(tokens, 0) === "or" && SOONER.has(bare(tokens, 1)));
}

function bare(tokens: readonly Token[], at: number): string {
  return tokens[at]?.bare ?? "";
}

function hasComma(token: Token | undefined): boolean {
  return token !== undefined && /[,;:.]/.test(token.post);
}

/** The problem's name from `at` on: up to a clause's subject, a comma or six words. */
function nameFrom(tokens: readonly Token[], at: number): { name: Token[]; end: number } | undefined {
  let k = at;
  while (k < tokens.length && NAME_SKIPS.has(bare(tokens, k))) k++;
  const name: Token[] = [];
  while (
    k < tokens.length &&
    name.length < MAX_NAME_WORDS &&
    !NAME_ENDS.has(bare(tokens, k)) &&
    !(name.length > 0 && bare(tokens, k) === "your")
  ) {
    const token = tokens[k]!;
    name.push(token);
    k++;
    if (hasComma(token)) break;
  }
  // "standpoint" ends a "from a … standpoint" name; its own word is consumed too.
  if (bare(tokens, k) === "standpoint" || bare(tokens, k) === "perspective" || bare(tokens, k) === "wise")
    k++;
  while (name.length > 0 && NAME_SKIPS.has(name.at(-1)!.bare)) name.pop();
  if (name.length === 0 || name.some((t) => /\d/.test(t.bare) && name.length === 1)) return undefined;
  return { name, end: k };
}

function label(name: readonly Token[]): string {
  const words = name.filter((t) => t.core).map((t) => t.core);
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The problem a sentence names at its start or after its opening words, with the rest of the
 * sentence; undefined when it names none, "" when it starts a problem without naming it. Forms: "for your (second) problem (of) X", "(for|regarding)
 * your X" at the start, "from a(n) X standpoint", "number two, X", "in terms of (your) X".
 */
export function problemNamed(sentence: string): { problem: string; rest: string } | undefined {
  const tokens = tokenize(sentence);
  let i = 0;
  while (i < tokens.length && OPENERS.has(bare(tokens, i))) i++;
  // Dictated: "under the plan, under abnormal liver enzymes, …".
  const heading = dictatedName(tokens, i + 1, true);
  if (["under", "in", "for"].includes(bare(tokens, i)) && heading && SECTION_WORDS.has(heading.name[0]!.bare))
    i = heading.end;
  let found: { name: Token[]; end: number } | undefined;
  const window = Math.min(tokens.length, i + 8);
  for (let k = i; k < window && !found; k++) {
    const w = bare(tokens, k);
    if (
      (w === "problem" || w === "issue") &&
      (ORDINALS.has(bare(tokens, k - 1)) || bare(tokens, k - 2) === "for")
    ) {
      // "For your first problem, I think you have gastritis": a new problem, named by what follows.
      found = nameFrom(tokens, k + 1) ?? { name: [], end: k + 1 };
    }
  }
  for (let k = i; k < window && !found; k++) {
    const w = bare(tokens, k);
    if (w === "from" && (bare(tokens, k + 1) === "a" || bare(tokens, k + 1) === "an")) {
      const named = nameFrom(tokens, k + 2);
      if (named && ["standpoint", "perspective", "wise"].includes(bare(tokens, named.end - 1))) found = named;
    } else if (k === i && w === "number" && NUMBERED.has(bare(tokens, k + 1))) {
      // Dictated: "number two, neck pain in the setting of arthritis." names the whole problem.
      const end = Math.min(tokens.length, k + 2 + MAX_DICTATED_WORDS);
      found = { name: tokens.slice(k + 2, end), end };
    } else if (k === i && w === "in" && bare(tokens, k + 1) === "terms" && bare(tokens, k + 2) === "of") {
      found = nameFrom(tokens, k + 3);
    } else if (k === i && ABOUT.has(w) && ["your", "his", "her", "the"].includes(bare(tokens, k + 1))) {
      const named = nameFrom(tokens, k + 1);
      // "for your information" is not a problem: the name must be a clinical one, or dictated.
      if (named && isClinical(untokenize(named.name).toLowerCase())) found = named;
      else found = dictatedName(tokens, k + 1);
    } else if (k === i && (w === "under" || w === "on")) {
      // Dictated: "under abnormal weight gain, her dexamethasone suppression test was normal."
      found = dictatedName(tokens, k + 1);
    } else if (k === i && w === "the" && bare(tokens, k + 1) === "next") {
      // Dictated: "the next one is diabetes."
      let at = k + 2;
      if (["one", "problem", "issue"].includes(bare(tokens, at))) at++;
      if (bare(tokens, at) === "is")
        found = { name: tokens.slice(at + 1, at + 1 + MAX_NAME_WORDS), end: tokens.length };
    }
  }
  // Dictated: "preventative health: the most recent blood work was reviewed …".
  if (!found) {
    const colon = tokens.slice(i, i + DICTATED_NAME_WORDS).findIndex((t) => t.post.includes(":"));
    if (colon >= 0) found = { name: tokens.slice(i, i + colon + 1), end: i + colon + 1 };
  }
  if (!found) return undefined;
  if (found.name.some((t) => t.bare === "problem" || t.bare === "issue")) return undefined;
  // "nicotine dependence first of all": the name ends before the speech.
  const named = found.name;
  const firstOfAll = named.findIndex((t, k) => t.bare === "first" && named[k + 1]?.bare === "of");
  const name = firstOfAll > 0 ? named.slice(0, firstOfAll) : named;
  if (NOT_PROBLEM_ENDS.has(name.at(-1)?.bare ?? "")) return undefined;
  const rest = tokens
    .slice(found.end)
    .map((t) => t.pre + t.core + t.post)
    .join(" ");
  return { problem: label(name), rest };
}

/** A name ending in one of these is a part of the note, not a problem ("medical history", "genitalia notate:"). */
// prettier-ignore
const NOT_PROBLEM_ENDS = new Set(["history", "notate", "template", "results", "labs", "medications", "vitals", "plan", "assessment"]);
const DICTATED_NAME_WORDS = 4;
const SECTION_WORDS = new Set(["plan", "assessment", "impression"]);
// prettier-ignore
const NOT_PROBLEMS = new Set(["plan", "record", "most", "time", "moment", "rest", "exam", "examination", "way", "other", "information", "today", "phone", "whole", "same"]);

/** A short name ended by a comma, as problems are dictated ("under abnormal liver enzymes, …"). */
function dictatedName(
  tokens: readonly Token[],
  at: number,
  anyName = false,
): { name: Token[]; end: number } | undefined {
  let k = at;
  while (k < tokens.length && NAME_SKIPS.has(bare(tokens, k))) k++;
  for (let end = k; end < Math.min(tokens.length, k + DICTATED_NAME_WORDS); end++) {
    if (NAME_ENDS.has(bare(tokens, end))) return undefined;
    if (!hasComma(tokens[end])) continue;
    const name = tokens.slice(k, end + 1);
    return NOT_PROBLEMS.has(name[0]!.bare) && !anyName ? undefined : { name, end: end + 1 };
  }
  return undefined;
}

/** Splits a clinician's sentence into clauses at commas, semicolons and "and"/"also"/"then" before an order. */
function clauses(sentence: string): string[] {
  const tokens = withoutRepeats(withoutFillers(tokenize(sentence)));
  const out: string[] = [];
  let current: Token[] = [];
  const flush = () => {
    if (current.length > 0) out.push(current.map((t) => t.pre + t.core + t.post).join(" "));
    current = [];
  };
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    const next = bare(tokens, k + 1);
    // "go ahead and increase …" is one clause.
    const joins =
      bare(tokens, k - 1) !== "ahead" &&
      (token.bare === "and" || token.bare === "also" || token.bare === "then") &&
      (ORDER_VERBS.has(next) || CLINICIAN_SUBJECTS.has(next) || NEXT_CLAUSE.has(next));
    if (joins) {
      flush();
      continue;
    }
    // Unpunctuated speech: "continue metformin 500 mg i am going to order …" (not "… so I can check").
    const subordinate =
      SUBORDINATE.has(current.at(-1)?.bare ?? "") ||
      (CONDITIONS.has(current[0]?.bare ?? "") && hasComma(current.at(-1)));
    // "… a viral bronchitis so I want you to drink fluids": a consequence that orders, not a purpose.
    const ordersNext = current.at(-1)?.bare === "so" && ORDERING_LEADS.has(next);
    if (CLINICIAN_SUBJECTS.has(token.bare) && current.length >= 3 && !token.pre && ordersNext) {
      current.pop();
      flush();
    } else if (CLINICIAN_SUBJECTS.has(token.bare) && current.length >= 3 && !token.pre && !subordinate)
      flush();
    if (token.bare === "") {
      // A restart after a pause: "continue you on this ... on the synthroid" → "continue you on the synthroid".
      const restart = current.findLastIndex((t) => t.bare === next);
      if (restart >= 0) current = current.slice(0, restart);
      continue;
    }
    current.push(token);
    // "start some lasix, 20 milligrams a day": a dose after a comma stays with its medicine.
    const dose = isNumberToken(bare(tokens, k + 1)) || numberWordValue(bare(tokens, k + 1)) !== undefined;
    // "if your symptoms continue, we'll talk about further imaging": the condition stays with its plan.
    const condition = CONDITIONS.has(current[0]?.bare ?? "");
    if (token.post.includes(";") || (token.post.includes(",") && current.length >= 4 && !dose && !condition))
      flush();
  }
  flush();
  return out;
}

// prettier-ignore
const TAGS = new Set(["okay", "ok", "alright", "right", "correct", "yeah", "alright"]);

/** "… of your arthritis, okay?": a statement with a tag, not a question. */
function endsInTag(sentence: string): boolean {
  const tokens = tokenize(sentence);
  const last = tokens.at(-1);
  return last !== undefined && TAGS.has(last.bare) && tokens.length > 3 && hasComma(tokens.at(-2));
}

// prettier-ignore
const SPOKEN_ASIDES = new Set(["um", "uh", "okay", "alright"]);

/** "lasix, you know, 20 milligrams": asides dropped before the clauses are found. */
function withoutFillers(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const pair = `${bare(tokens, k)} ${bare(tokens, k + 1)}`;
    if (pair === "you know" || pair === "all right" || pair === "i mean") {
      if (out.length > 0 && !out.at(-1)!.post)
        out[out.length - 1] = { ...out.at(-1)!, post: tokens[k + 1]!.post };
      k++;
      continue;
    }
    if (SPOKEN_ASIDES.has(bare(tokens, k))) continue;
    out.push(tokens[k]!);
  }
  return out;
}

const DISCUSSES = new Set(["discuss", "talk", "consider", "explore"]);
/** What a clinician says about the visit itself ("Look at some of the results."), not reasoning. */
// prettier-ignore
const META_STARTS = new Set(["look", "let's", "talk", "go", "going", "review", "show", "pull"]);
/** After "and": a new clause, not a list ("the x-ray and blood tests"). */
// prettier-ignore
const NEXT_CLAUSE = new Set(["then", "also", "if", "we'll", "you", "you'll", "he", "she", "he'll", "she'll", "so", "just", "go"]);
// prettier-ignore
const SUBORDINATE = new Set(["so", "that", "because", "if", "when", "until", "unless", "since", "before", "after", "once", "while", "and", "but", "or"]);
// prettier-ignore
const ORDERING_LEADS = new Set(["want", "wanna", "would", "like", "going", "gonna", "will", "recommend", "prescribe", "order", "start"]);
/** "Continue on the synthroid" → "Continue synthroid". */
const TAKES_OBJECT = new Set(["continue", "start", "restart", "resume"]);
const OBJECT_LEADS = new Set(["on", "with", "the", "this", "that"]);

function tidyOrder(line: string): string {
  const tokens = tokenize(line);
  if (!TAKES_OBJECT.has(bare(tokens, 0))) return line;
  let k = 1;
  while (k < tokens.length - 1 && OBJECT_LEADS.has(bare(tokens, k))) k++;
  return [tokens[0]!, ...tokens.slice(k)].map((t) => t.pre + t.core + t.post).join(" ");
}

const IMPRESSION_PHRASES = [
  "i think",
  "i believe",
  "i suspect",
  "my impression",
  "my diagnosis",
  "my assessment",
  "consistent with",
  "sounds like",
  "suspicious for",
  "i'm concerned",
  "likely",
  "it looks like",
  "this looks like",
].map((phrase) => phrase.split(" "));

/** A clinician's impression ("I think this is …"), not a plan said with "I think I want to …". */
function isImpression(sentence: string): boolean {
  const tokens = tokenize(sentence);
  return tokens.some((_, k) =>
    IMPRESSION_PHRASES.some(
      (phrase) =>
        phrase.every((w, j) => bare(tokens, k + j) === w) &&
        k + phrase.length < tokens.length &&
        !CLINICIAN_SUBJECTS.has(bare(tokens, k + phrase.length)) &&
        !ORDER_VERBS.has(bare(tokens, k + phrase.length + 1)),
    ),
  );
}

/** Where a run-on sentence (ASR without full stops) turns to the next problem or asks a question. */
// prettier-ignore
const QUESTION_STARTS = new Set(["what", "how", "where", "why", "does", "do", "any", "is", "are", "have"]);
const ALWAYS_ASKS = new Set(["what", "how", "where", "why"]);

const QUESTION_OBJECTS = new Set(["you", "questions", "that", "it", "there"]);

/** The last word before here that is not a filler ("exactly, uh," → "exactly"). */
function wordBefore(part: readonly Token[]): string {
  for (let k = part.length - 1; k >= 0; k--) if (!SPOKEN_ASIDES.has(part[k]!.bare)) return part[k]!.bare;
  return "";
}

function splitAtTurns(sentence: string): string[] {
  const tokens = tokenize(sentence);
  const parts: Token[][] = [[]];
  for (let k = 0; k < tokens.length; k++) {
    const w = bare(tokens, k);
    const nextProblem =
      (w === "for" || w === "from" || w === "number") &&
      parts.at(-1)!.length >= 4 &&
      [1, 2, 3].some((j) => bare(tokens, k + j) === "problem" || bare(tokens, k + j) === "standpoint");
    const question =
      QUESTION_STARTS.has(w) &&
      !hasComma(tokens[k]) &&
      parts.at(-1)!.length >= 4 &&
      !EMBEDS_QUESTION.has(wordBefore(parts.at(-1)!)) &&
      (ALWAYS_ASKS.has(w) || QUESTION_OBJECTS.has(bare(tokens, k + 1)));
    if (nextProblem || question) parts.push([]);
    parts.at(-1)!.push(tokens[k]!);
  }
  return parts.filter((p) => p.length > 0).map((p) => p.map((t) => t.pre + t.core + t.post).join(" "));
}

const HEADINGS = new Map([
  ["assessment and plan", "assessment"],
  ["assessment plan", "assessment"],
  ["impression and plan", "assessment"],
  ["assessment", "assessment"],
  ["impression", "assessment"],
  ["plan", "plan"],
]);
// prettier-ignore
const HEADING_OPENERS = new Set(["all", "right", "alright", "okay", "ok", "so", "next", "now", "um", "uh", "the"]);

/** "all right, assessment and plan." → "assessment"; "plan." → "plan"; undefined for other sentences. */
function dictatedHeading(sentence: string): "assessment" | "plan" | undefined {
  const tokens = tokenize(sentence);
  let k = 0;
  while (k < tokens.length && HEADING_OPENERS.has(bare(tokens, k))) k++;
  const rest = tokens
    .slice(k)
    .map((t) => t.bare)
    .filter(Boolean)
    .join(" ");
  return HEADINGS.get(rest) as "assessment" | "plan" | undefined;
}

/** Dictation's spoken layout words ("paragraph, impression."): not part of the note's sentences. */
const DICTATION = new Set(["paragraph", "period", "comma", "bullet"]);

function withoutDictation(sentence: string): string {
  const tokens = tokenize(sentence);
  let k = 0;
  while (k < tokens.length && DICTATION.has(bare(tokens, k))) k++;
  return tokens
    .slice(k)
    .map((t) => t.pre + t.core + t.post)
    .join(" ");
}

function firstWord(line: string): string {
  return (tokenize(line)[0]?.bare ?? "").toLowerCase();
}

const CLINICAL = [
  PATTERNS.SYMPTOM,
  PATTERNS.CONDITION,
  PATTERNS.DRUG_NAMES,
  PATTERNS.DRUG_SUFFIX,
  PATTERNS.DOSE,
  PATTERNS.RESULTS,
  /\b(?:fluid|diet|exercise|therapy|screening|splint|brace|cast|sling|crutches|boot|ice|wrap)\b/,
];

// prettier-ignore
const WANTS = [["i'd", "like"], ["i", "would", "like"], ["i", "want"], ["we", "need"], ["let's", "get"], ["we'll", "get"]];
// prettier-ignore
const TESTS = new Set([
  "x-ray", "xray", "x-rays", "mri", "ct", "ultrasound", "echocardiogram", "ekg", "ecg", "labs", "tests",
  "test", "panel", "culture", "biopsy", "scan", "bloods", "colonoscopy", "endoscopy", "mammogram", "a1c",
]);

/** "I'd like a chest X-ray today" asks for a test: written as the order it is ("Order a chest X-ray today."). */
function requested(clause: string, line: string, wanted: boolean): string {
  const written = tokenize(line);
  const wants = wanted || wantsSomething(clause);
  const test = written.slice(0, 5).some((t) => TESTS.has(t.bare));
  if (!wants || !test || ORDER_VERBS.has(bare(written, 0))) return line;
  return `Order ${line.charAt(0).toLowerCase()}${line.slice(1)}`;
}

function wantsSomething(clause: string): boolean {
  const said = tokenize(clause);
  return WANTS.some((phrase) => phrase.every((w, k) => bare(said, k) === w));
}

// prettier-ignore
const SAFETY_NET = new Set(["emergency", "911", "immediately", "urgently", "sooner"]);

/** Advice on when to come back ("If the patient has trouble breathing, go to the emergency department."). */
function isSafetyNet(line: string, tokens = tokenize(line)): boolean {
  return bare(tokens, 0) === "if" && tokens.some((t) => SAFETY_NET.has(t.bare));
}

/** "To take ibuprofen 600 mg …" (ASR lost "like you") → "Take ibuprofen 600 mg …". */
function withoutInfinitive(line: string): string {
  const tokens = tokenize(line);
  if (bare(tokens, 0) !== "to" || !ORDER_VERBS.has(bare(tokens, 1))) return line;
  const rest = untokenize(tokens.slice(1));
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

// prettier-ignore
const WHEN_WORDS = new Set([
  "day", "days", "week", "weeks", "month", "months", "year", "years", "after", "once", "when", "if",
  "sooner", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "results", "emergency",
  "needed", "worse", "worsen", "worsens", "again", "next", "appointment", "visit",
]);

/** Follow-up says when or why ("Follow up in 2 weeks."); "Follow up with that but …" says neither. */
function saysWhen(line: string): boolean {
  return tokenize(line).some((t) => WHEN_WORDS.has(t.bare) || isNumberToken(t.bare));
}

const EXPLAINERS = new Set(["they", "they'll", "this", "that", "it", "it'll", "that'll", "this'll"]);
const EXPLAINING_MODALS = new Set(["will", "should", "can", "would"]);

const MAX_EXPLANATION_WORDS = 16;
// prettier-ignore
const DANGLING_ENDS = new Set(["as", "can", "the", "a", "an", "to", "and", "or", "of", "with", "that", "if", "for", "at", "in", "on"]);

/** "They will teach some stretching exercises …" after an order: what the order involves. */
function explainsOrder(line: string): boolean {
  const tokens = tokenize(line);
  const first = bare(tokens, 0);
  return (
    EXPLAINERS.has(first) &&
    (first.endsWith("'ll") || EXPLAINING_MODALS.has(bare(tokens, 1))) &&
    tokens.length <= MAX_EXPLANATION_WORDS &&
    !DANGLING_ENDS.has(tokens.at(-1)!.bare)
  );
}

// prettier-ignore
const ADVISED = new Set(["keep", "walk", "cut", "avoid", "eat", "drink", "limit", "exercise", "lose", "stop", "reduce", "sleep", "stay", "rest", "stretch", "elevate", "ice", "move", "quit", "wear"]);
const MIN_ADVICE_WORDS = 5;
const PERMITTED = new Set(["can", "may", "should"]);

/** "Check in 2 weeks to see if the bones have realigned": a return visit, said as a check. */
function checksBack(tokens: readonly Token[]): boolean {
  return bare(tokens, 0) === "check" && bare(tokens, 1) === "in" && saysWhen(untokenize(tokens.slice(0, 5)));
}

/** "Try to keep moving and walking every day …": what the patient is advised to do. */
function isAdvice(tokens: readonly Token[]): boolean {
  return (
    tokens.length >= MIN_ADVICE_WORDS &&
    bare(tokens, 0) === "try" &&
    bare(tokens, 1) === "to" &&
    ADVISED.has(bare(tokens, 2)) &&
    !DANGLING_ENDS.has(tokens.at(-1)!.bare)
  );
}

/** A plan line: an order, a medicine with its dose, a conditional order, advice or a safety net. */
function isOrder(line: string): boolean {
  if (!line) return false;
  const tokens = tokenize(line);
  if (prescribes(line, tokens) || isSafetyNet(line, tokens) || conditionalOrder(tokens) || isAdvice(tokens))
    return true;
  if (checksBack(tokens)) return true;
  // "The patient can add ibuprofen …": an order given as a permission.
  if (bare(tokens, 0) === "the" && bare(tokens, 1) === "patient" && PERMITTED.has(bare(tokens, 2)))
    return ORDER_VERBS.has(bare(tokens, 3)) && substantive(line, tokens.slice(3));
  return ORDER_VERBS.has(bare(tokens, 0)) && substantive(line, tokens);
}

// prettier-ignore
const GENERIC_VERBS = new Set(["give", "get", "do", "set", "put", "keep", "go", "call", "try", "use", "push", "make", "ordered", "add", "check", "send", "draw"]);
// prettier-ignore
const EMPTY_OBJECTS = new Set(["it", "that", "this", "them", "those", "these", "around", "up", "back", "out", "a", "an", "the"]);
const MIN_ORDER_WORDS = 3;
/** "Order that as well.": after a pronoun, words that name nothing to act on. */
// prettier-ignore
const VAGUE_TAIL = new Set(["as", "well", "too", "also", "today", "now", "again", "then", "for", "you", "up", "out", "back", "one", "here", "there"]);
/** "Take a quick listen", "take a look": the examination going on, not an order. */
const EXAM_TALK = new Set(["listen", "look", "peek", "minute", "second", "moment", "break", "breath"]);

/** "Take a quick listen.", "Call around.", "Ordered it but …": a verb with nothing clinical to act on. */
function substantive(line: string, tokens: readonly Token[]): boolean {
  if (tokens.length < MIN_ORDER_WORDS && !FOLLOW_UP_VERBS.has(bare(tokens, 0))) return false;
  if (EMPTY_OBJECTS.has(bare(tokens, 1)) && tokens.slice(2).every((t) => VAGUE_TAIL.has(t.bare)))
    return false;
  if (tokens.slice(1, 4).some((t) => EXAM_TALK.has(t.bare))) return false;
  if (!GENERIC_VERBS.has(bare(tokens, 0))) return true;
  const lower = line.toLowerCase();
  return isClinical(lower) || tokens.some((t) => isMedicine(t.bare) || TESTS.has(t.bare));
}

const MIN_CONDITION_WORDS = 3;
const AUXILIARY_ENDS = new Set(["is", "are", "was", "were", "be", "been", "has", "have", "do", "does"]);
const NOT_CONDITIONS = new Set(["daily", "a", "weekly", "more", "again"]);

/** "If the patient is still having symptoms.": a condition said on its own, before its order. */
function isCondition(line: string): boolean {
  const tokens = tokenize(line);
  return (
    CONDITIONS.has(bare(tokens, 0)) &&
    !NOT_CONDITIONS.has(bare(tokens, 1)) &&
    tokens.filter((t) => t.bare).length >= MIN_CONDITION_WORDS &&
    !DANGLING_ENDS.has(tokens.at(-1)!.bare) &&
    !AUXILIARY_ENDS.has(tokens.at(-1)!.bare) &&
    !isOrder(line)
  );
}

/** The verb of the order after a condition's comma ("If not better in 3 days, come back" → "come"). */
function conditionedVerb(tokens: readonly Token[]): string {
  if (!CONDITIONS.has(bare(tokens, 0))) return "";
  const comma = tokens.findIndex((t) => t.post.includes(","));
  return comma > 0 ? bare(tokens, comma + 1) : "";
}

/** "If the symptoms continue, talk about further imaging …": an order on a condition. */
function conditionalOrder(tokens: readonly Token[]): boolean {
  const main = conditionedVerb(tokens);
  return ORDER_VERBS.has(main) || main === "talk" || main === "discuss";
}

/** "Tramadol, 50 mg, every 6 hours as needed": a medicine with its dose is an order without a verb. */
function prescribes(line: string, tokens: readonly Token[]): boolean {
  return isMedicine(bare(tokens, 0)) && PATTERNS.DOSE.test(line.toLowerCase());
}

function isClinical(lower: string): boolean {
  return CLINICAL.some((pattern) => pattern.test(lower)) || tokenize(lower).some((t) => isDiagnosis(t.bare));
}

/** Clinicians' sentences from where the plan is discussed to the end of the visit. */
export function problemPlan(
  sentences: readonly SourceSentence[],
  planStart: number,
  noteworthy: (s: SourceSentence) => boolean = () => false,
): ProblemPlan {
  const entries: ProblemEntry[] = [];
  const followUp: string[] = [];
  const used = new Set<number>();
  let current: ProblemEntry | undefined;
  const newEntry = (problem: string | undefined): ProblemEntry => {
    const entry = { problem, assessment: [], plan: [] };
    entries.push(entry);
    return entry;
  };
  const entryFor = (problem: string | undefined): ProblemEntry =>
    entries.find((e) => e.problem?.toLowerCase() === problem?.toLowerCase()) ?? newEntry(problem);
  interface Written {
    words: Set<string>;
    line: string;
    entry?: ProblemEntry;
  }
  const seen: Record<"assessment" | "plan", Written[]> = { assessment: [], plan: [] };
  /**
   * Whether a line says nothing new: most of its words are in one line of its kind already written.
   * An impression first written without a problem moves to the problem that repeats it ("I think
   * you're retaining a little bit of fluid" … "for your congestive heart failure, I think you're
   * retaining fluid").
   */
  const repeats = (line: string, kind: "assessment" | "plan", entry?: ProblemEntry) => {
    const words = new Set(
      tokenize(line)
        .map((t) => t.bare)
        .filter((w) => w.length > 2),
    );
    const earlier = seen[kind].find(
      (w) => [...words].filter((x) => w.words.has(x)).length >= 0.7 * words.size,
    );
    if (!earlier) {
      seen[kind].push({ words, line, entry });
      return false;
    }
    if (kind !== "assessment" || !entry?.problem || earlier.entry?.problem || !earlier.entry) return true;
    earlier.entry.assessment = earlier.entry.assessment.filter((l) => l !== earlier.line);
    Object.assign(earlier, { words, line, entry });
    return false;
  };
  let expectProblem = false;
  /** The last order written, and the sentence it came from. */
  let lastOrder: { list: string[]; at: number; sentence: number } | undefined;
  const extendLastOrder = (line: string, separator: string) => {
    const { list, at } = lastOrder!;
    list[at] = `${list[at]!.slice(0, -1)}${separator} ${line.charAt(0).toLowerCase()}${line.slice(1)}`;
  };
  for (const s of sentences) {
    if (s.index < planStart || (s.isQuestion && !endsInTag(s.raw))) continue;
    if (s.speaker !== "doctor" && s.speaker !== "clinician" && s.speaker !== "narrative") continue;
    const dictated = withoutDictation(s.raw);
    // A dictated heading ("paragraph, plan.", "all right, assessment and plan.") ends the problem
    // named before it; after "assessment and plan" the dictation is the assessment, so what was
    // gathered from the conversation as unnamed reasoning gives way to it.
    const heading = dictatedHeading(dictated);
    if (heading) {
      current = undefined;
      expectProblem = heading !== "plan";
      if (expectProblem) for (const entry of entries) if (!entry.problem) entry.assessment = [];
      continue;
    }
    // Dictated: the first short clinical sentence after the heading names a problem ("chronic chf.").
    if (expectProblem) {
      expectProblem = false;
      const name = tokenize(dictated);
      if (name.length <= MAX_NAME_WORDS && isClinical(dictated.toLowerCase())) {
        current = entryFor(label(name));
        used.add(s.index);
        continue;
      }
    }
    for (const part of splitAtTurns(dictated)) {
      current = planPart(part, s, current);
    }
  }
  function planPart(part: string, s: SourceSentence, current: ProblemEntry | undefined) {
    let text = part;
    const named = problemNamed(text);
    if (named) {
      current = named.problem ? entryFor(named.problem) : newEntry(undefined);
      text = named.rest;
      used.add(s.index);
    }
    if (!text.trim()) return current;
    // Each clause is rewritten once, however many rules look at it.
    const lines = new Map<string, string>();
    const lineOf = (said: string) => {
      let line = lines.get(said);
      if (line === undefined) lines.set(said, (line = noteLine(said, s.speaker)));
      return line;
    };
    let parts = clauses(text);
    if (isImpression(text)) {
      // "I think you're retaining fluid, and I want to increase your lasix …": the impression goes to
      // the assessment, the orders after it to the plan.
      const firstOrder = parts.findIndex((clause) => isOrder(lineOf(clause)));
      const said = firstOrder > 0 ? parts.slice(0, firstOrder).join(" ") : text;
      const line = lineOf(said);
      const target = current ?? entryFor(undefined);
      if (line && line.split(" ").length <= MAX_LINE_WORDS && !repeats(line, "assessment", target)) {
        target.assessment.push(line);
        used.add(s.index);
      }
      if (firstOrder <= 0) return current;
      parts = parts.slice(firstOrder);
    }
    const whole = lineOf(text);
    if (whole && isSafetyNet(whole)) {
      followUp.push(whole);
      used.add(s.index);
      return current;
    }
    // "We'll have to discuss further treatment such as lithotripsy, … use shock waves to break up the
    // stone": what follows a discussion explains the options; none of it is ordered.
    const discussion = parts.findIndex((clause) => DISCUSSES.has(firstWord(lineOf(clause))));
    if (discussion >= 0) parts = parts.slice(0, discussion + 1);
    let ordered = false;
    let wanted = false;
    /** "if you're still having symptoms," said before the order it conditions. */
    let condition: string | undefined;
    for (const clause of parts) {
      // "I'd like a chest X-ray today and blood tests": both are asked for.
      wanted ||= wantsSomething(clause);
      const said = requested(clause, withoutInfinitive(lineOf(clause)), wanted);
      if (!said || said.split(" ").length > MAX_LINE_WORDS) continue;
      const conditioned = condition !== undefined && isOrder(said) && !isSafetyNet(said);
      const line = conditioned ? `${condition}, ${said.charAt(0).toLowerCase()}${said.slice(1)}` : said;
      condition = isCondition(said) ? said.slice(0, -1) : undefined;
      const verb = firstWord(said);
      if (!isOrder(line)) {
        // The reason given with an order ("…, just because the blood pressure is high") stays with it,
        // and so does "…, or sooner if you're getting more breathless".
        if (lastOrder?.sentence === s.index && qualifiesOrder(tokenize(clause)) && !isConversational(line)) {
          extendLastOrder(line, ",");
          ordered = true;
        } else if (lastOrder?.sentence === s.index - 1 && explainsOrder(line) && !isConversational(line)) {
          extendLastOrder(line, ";");
          lastOrder.sentence = s.index;
          used.add(s.index);
          ordered = true;
        }
        continue;
      }
      if (repeats(line, "plan")) continue;
      const followsUp =
        FOLLOW_UP_VERBS.has(verb) ||
        FOLLOW_UP_VERBS.has(conditionedVerb(tokenize(line))) ||
        checksBack(tokenize(line)) ||
        isSafetyNet(line);
      if (followsUp && !saysWhen(line)) continue;
      const list = followsUp ? followUp : (current ?? entryFor(undefined)).plan;
      list.push(followsUp ? line : tidyOrder(line));
      lastOrder = { list, at: list.length - 1, sentence: s.index };
      used.add(s.index);
      ordered = true;
    }
    // What the clinician says of a named problem besides orders is its reasoning.
    if (!ordered) {
      const line = whole;
      const length = line.split(" ").length;
      const reasoning =
        line &&
        length >= MIN_REASONING_WORDS &&
        length <= MAX_LINE_WORDS &&
        !isConversational(line) &&
        !META_STARTS.has(firstWord(line)) &&
        (isClinical(line.toLowerCase()) || noteworthy(s));
      const target = current ?? entryFor(undefined);
      if (reasoning && !repeats(line, "assessment", target)) {
        target.assessment.push(line);
        used.add(s.index);
      }
    }
    return current;
  }
  return { entries, followUp, used };
}
