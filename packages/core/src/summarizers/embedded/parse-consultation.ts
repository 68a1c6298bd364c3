// Turns raw consultation text (dialogue transcript or free-text notes) into speaker-tagged sentences.

import { isWhitespace } from "../../text/characters";
import {
  afterSelfCorrection,
  finishSentence,
  fixAsrSpacing,
  stripFillers,
  stripLeadingMarkers,
  words,
} from "./normalize";

export type Speaker = "doctor" | "patient" | "family" | "clinician" | "other" | "narrative";

export interface SourceSentence {
  /** Position in the document (0-based, over all sentences). */
  index: number;
  /** Index of the dialogue turn (or note line) it came from. */
  turn: number;
  speaker: Speaker;
  /** Text as written after ASR-spacing fixes, less what the speaker took back (used for matching). */
  raw: string;
  /** Cleaned sentence as it would be output (fillers/markers removed, capitalised, punctuated). */
  text: string;
  /** Lower-cased words of `text`. */
  words: string[];
  isQuestion: boolean;
  /** For free-text notes: the heading the sentence appeared under, lower-cased (if any). */
  heading?: string;
  /** Relative position in the document, 0..1. */
  position: number;
}

export interface ParsedConsultation {
  kind: "dialogue" | "notes";
  sentences: SourceSentence[];
  turnCount: number;
}

const SPEAKER_LABEL = /^\s*(?:\[([a-z_ ]{2,30})\]|([A-Za-z][A-Za-z_ .]{0,28}[A-Za-z.])\s*:)\s*/i;

function classifySpeaker(label: string): Speaker | null {
  const l = label.toLowerCase().replace(/[_.]/g, " ").trim();
  if (/^(doctor|dr|physician|clinician|provider|gp|consultant|nurse practitioner|np|md)$/.test(l))
    return "doctor";
  if (/^(patient|pt|client)$/.test(l)) return "patient";
  if (/^guest family$|family|mother|father|mom|dad|wife|husband|daughter|son|parent|caregiver/.test(l))
    return "family";
  if (/^guest clinician$|nurse|assistant|scribe|resident|student/.test(l)) return "clinician";
  if (/^(speaker|person)\s*\w*$/.test(l)) return "other";
  return null;
}

interface Turn {
  speaker: Speaker;
  text: string;
  heading?: string;
}

/**
 * Where a pasted transcript lost its line breaks ("Doctor: Any fever? Patient: No. Doctor: …"), a
 * speaker label after a sentence's end starts a new line.
 */
const INLINE_LABEL =
  /(?<=[.?!])[ \t]+(?=(?:doctor|patient|dr|pt|nurse|physician|clinician|guest_family|guest_clinician)[ \t]?:)/i;

function splitTurns(notes: string): { kind: "dialogue" | "notes"; turns: Turn[] } {
  const lines = notes
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .flatMap((line) => (line.includes(":") ? line.split(INLINE_LABEL) : [line]));
  const labelled = lines.filter((line) => {
    const m = SPEAKER_LABEL.exec(line);
    return m && classifySpeaker(m[1] ?? m[2] ?? "") !== null;
  }).length;
  const nonEmpty = lines.filter((l) => l.trim()).length;
  if (labelled >= 2 && labelled >= nonEmpty * 0.3) {
    const turns: Turn[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      const m = SPEAKER_LABEL.exec(line);
      const speaker = m ? classifySpeaker(m[1] ?? m[2] ?? "") : null;
      if (m && speaker) turns.push({ speaker, text: line.slice(m[0].length) });
      else if (turns.length > 0) turns[turns.length - 1]!.text += " " + line.trim();
      else turns.push({ speaker: "narrative", text: line.trim() });
    }
    return { kind: "dialogue", turns: withInterruptionsJoined(withRolesChecked(turns)) };
  }
  // Free-text notes: one "turn" per paragraph line, remembering the most recent heading.
  const turns: Turn[] = [];
  let heading: string | undefined;
  for (const rawLine of lines) {
    let line = rawLine.trim();
    if (!line) continue;
    line = line.replace(/^#{1,6}\s+/, "").replace(/^(?:[-*•]|\d{1,2}[.)])\s+/, "");
    const headingOnly = /^([A-Za-z][A-Za-z /&,()-]{1,48}):?$/.exec(line);
    if (
      headingOnly &&
      (line.endsWith(":") || line === line.toUpperCase() || rawLine.trim().startsWith("#"))
    ) {
      heading = headingOnly[1]!.toLowerCase().trim();
      continue;
    }
    // "\S" after the spaces: the same matches, without "\s+" and "." trading characters (quadratic).
    const inline = /^([A-Za-z][A-Za-z /&]{1,40}):\s+(\S.*)$/.exec(line);
    if (inline && inline[1]!.split(/\s+/).length <= 5) {
      turns.push({ speaker: "narrative", text: inline[2]!, heading: inline[1]!.toLowerCase().trim() });
      continue;
    }
    turns.push({ speaker: "narrative", text: line, heading });
  }
  return { kind: "notes", turns };
}

/** Below this margin of second- over first-person words the labels are left as they are. */
const ROLE_MARGIN = 10;
const MIN_CLINICIAN_LEAN = 4;

/** Second-person words minus first-person words: a clinician talks about "your knee", a patient "my knee". */
function clinicianLean(turns: readonly Turn[], speaker: Speaker): number {
  let lean = 0;
  for (const turn of turns) {
    if (turn.speaker !== speaker) continue;
    for (const word of turn.text.toLowerCase().split(/[^a-z']+/)) {
      if (word === "your" || word === "you're") lean++;
      else if (word === "my" || word === "i'm") lean--;
    }
  }
  return lean;
}

/**
 * Speech recognition sometimes labels the clinician [patient] and the patient [doctor] for a whole
 * visit. When the "patient" speaks of "your" far more than of "my", and the "doctor" does not, the
 * two labels are swapped back.
 */
function withRolesChecked(turns: Turn[]): Turn[] {
  const doctor = clinicianLean(turns, "doctor");
  const patient = clinicianLean(turns, "patient");
  if (!(patient >= MIN_CLINICIAN_LEAN && doctor <= 0 && patient - doctor >= ROLE_MARGIN)) return turns;
  const swapped: Partial<Record<Speaker, Speaker>> = { doctor: "patient", patient: "doctor" };
  return turns.map((turn) => ({ ...turn, speaker: swapped[turn.speaker] ?? turn.speaker }));
}

// prettier-ignore
const BACKCHANNELS = new Set(["mm-hmm", "mhm", "uh-huh", "okay", "ok", "yeah", "yes", "right", "sure", "mm", "hmm", "um"]);

function isBackchannel(text: string): boolean {
  const words = text
    .toLowerCase()
    .split(/[\s,.!?]+/)
    .filter(Boolean);
  return words.length > 0 && words.length <= 2 && words.every((w) => BACKCHANNELS.has(w));
}

/**
 * A sentence cut off by a "mm-hmm" ("… jugular venous distention to-" / "mm-hmm ." / "to about
 * eight centimeters .") is one sentence: the speaker's two turns are joined and the backchannel
 * dropped.
 */
function withInterruptionsJoined(turns: Turn[]): Turn[] {
  const out: Turn[] = [];
  for (let k = 0; k < turns.length; k++) {
    const turn = turns[k]!;
    const previous = out[out.length - 1];
    const next = turns[k + 1];
    if (
      previous &&
      next &&
      next.speaker === previous.speaker &&
      turn.speaker !== previous.speaker &&
      previous.text.trimEnd().endsWith("-") &&
      isBackchannel(turn.text)
    ) {
      previous.text = `${previous.text.trimEnd().slice(0, -1)} ${next.text}`;
      k++;
      continue;
    }
    out.push({ ...turn });
  }
  return out;
}

const ABBREVIATIONS =
  /(?:\b(?:dr|mr|mrs|ms|st|vs|etc|approx|no|jr|sr|e\.g|i\.e|p\.r\.n|b\.i\.d|t\.i\.d|q\.i\.d|a\.m|p\.m|q\.d|p\.o|u\.s|y\.o)|\b[a-z])\.$/i;
/**
 * ABBREVIATIONS matches at most 7 characters ("approx."); with the character before them, the last 8
 * characters of a sentence decide whether it ends in one. Testing only those keeps the check from
 * rescanning a sentence that grows after every abbreviation (quadratic on "Dr. e.g. Dr. e.g. …").
 */
const ABBREVIATION_CONTEXT = 8;

function isSentenceEnd(code: number): boolean {
  return code === 0x2e || code === 0x3f || code === 0x21; // . ? !
}

function isCloser(code: number): boolean {
  return code === 0x22 || code === 0x27 || code === 0x29 || code === 0x5d; // " ' ) ]
}

/**
 * Where the matches of /[.?!]+["')\]]?(?=\s|$)/g end, in one scan (the expression rescans a long run
 * of punctuation from each of its characters): a run of . ? ! and at most one closing quote or
 * bracket, followed by whitespace or the end of the text.
 */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  const endsAt = (i: number) => i === text.length || isWhitespace(text.charCodeAt(i));
  let i = 0;
  while (i < text.length) {
    if (!isSentenceEnd(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < text.length && isSentenceEnd(text.charCodeAt(i))) i++;
    // An ellipsis is a pause in speech ("continue you on this ... on the synthroid"), not an end.
    if (i - runStart > 1 && text.slice(runStart, i) === ".".repeat(i - runStart)) continue;
    if (isCloser(text.charCodeAt(i)) && endsAt(i + 1)) ends.push(++i);
    else if (endsAt(i)) ends.push(i);
  }
  return ends;
}

/** Splits text into sentences on . ? ! (keeping abbreviations and decimals together). */
export function splitSentences(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const end of sentenceEnds(text)) {
    const tail = text.slice(Math.max(start, end - ABBREVIATION_CONTEXT), end);
    if (ABBREVIATIONS.test(tail) && end < text.length) continue;
    parts.push(text.slice(start, end).trim());
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) parts.push(rest);
  // Very long run-ons (ASR with few periods): split further at clause boundaries.
  return parts.flatMap(splitRunOn).filter((p) => p.length > 0);
}

const CLAUSE_START = new Set(["so", "okay", "alright", "now", "but", "well", "and", "then"]);
/** Words that need what follows them: a run-on is never split right after one. */
// prettier-ignore
const CONTINUED_BY_NEXT = new Set([
  "and", "but", "or", "so", "just", "because", "that", "if", "to", "the", "a", "an", "of", "with", "for",
  "i", "you", "we", "my", "your", "is", "are", "was", "in", "on", "at", "as", "than", "when",
  "think", "want", "wanna", "gonna", "need", "going", "will", "would", "can", "could", "should", "do",
  "does", "did", "have", "has", "had", "am", "be", "like", "get", "got", "go",
]);
const PREPOSITIONS = new Set(["about", "for", "with", "on", "at", "to", "from", "of", "like"]);

/** Whether the word before `at` needs the words from `at`; "that" after a preposition is a pronoun. */
function needsNext(bares: readonly string[], at: number): boolean {
  const before = bares[at - 1] ?? "";
  if (before === "that" && PREPOSITIONS.has(bares[at - 2] ?? "")) return false;
  return CONTINUED_BY_NEXT.has(before);
}

const EMERGENCY_WORDS = new Set(["emergency", "er", "911", "ambulance", "immediately", "urgently", "sooner"]);
const SAFETY_NET_REACH = 30;

/** "… if you get any numbness … you need to go to the emergency department": a safety net starts here. */
function warnsOfEmergency(bares: readonly string[], at: number): boolean {
  if (bares[at] !== "if" || bares[at + 1] !== "you") return false;
  return bares.slice(at + 2, at + 2 + SAFETY_NET_REACH).some((word) => EMERGENCY_WORDS.has(word));
}

/** Two words that start a new sentence in unpunctuated speech: a question, a finding, an order. */
// prettier-ignore
const SENTENCE_OPENERS = new Set([
  "does it", "do you", "did you", "are you", "is it", "is there", "have you", "can you", "how about",
  "has it", "was it", "were you", "how's the", "how's your",
  "what about", "how long", "how often", "when did", "where is", "any other", "there is", "there's no",
  "there are", "i'm going", "i'm gonna", "i want", "we'll go", "let's go", "i'd like", "i do", "i don't",
  "i would", "i think", "we're going", "we are", "they will",
  "they'll", "try to", "make sure", "i'll write", "i'll send", "i'll give", "i'll refer", "i'll order",
  "otherwise i", "otherwise we",
]);
/** "for right now": the second word of these is not a new sentence. */
const PHRASES_NOT_SPLIT = new Set([
  "right now",
  "just now",
  "until now",
  "by now",
  "for now",
  "even so",
  "or so",
]);
// prettier-ignore
const AND_STARTS = new Set(["i", "i'm", "i'll", "we", "we'll", "we're", "you", "you're", "he", "she", "it", "it's", "there", "then", "so", "let's", "on", "for", "now", "that's", "this"]);
/** A run-on is split only into pieces of at least this many words. */
const MIN_PIECE_WORDS = 5;
const RUN_ON_WORDS = 24;

function bareWord(token: string | undefined): string {
  return (token ?? "").toLowerCase().replace(/[^a-z']/g, "");
}

// prettier-ignore
const WH_WORDS = new Set(["what", "how", "why", "where", "when", "how's", "what's"]);
/** After these a wh-word is part of the sentence ("I don't know what happened"). */
// prettier-ignore
const WH_INSIDE_AFTER = new Set([
  "know", "remember", "recall", "about", "of", "that", "is", "was", "see", "understand", "tell", "ask",
  "asked", "exactly", "matter", "no", "from", "to", "and", "or", "but", "explain", "show", "wonder",
  "sure", "idea", "somewhat", "like", "for", "on", "decide", "depending", "depends", "regardless",
]);
/** A wh-word followed by one of these asks ("what activities make it worse", "how long has it"). */
// prettier-ignore
const ASKING_NEXT = new Set([
  "do", "does", "did", "is", "are", "was", "were", "makes", "make", "kind", "type", "time", "activities",
  "medications", "medicine", "happened", "can", "would", "brings", "long", "often", "much", "many", "have", "has",
]);

/** Unpunctuated speech that turns into a question ("a deep achy pain what activities make it worse"). */
function asksMidSentence(bares: readonly string[], at: number, current: readonly string[]): boolean {
  const previous = current[current.length - 1] ?? "";
  return (
    WH_WORDS.has(bares[at]!) &&
    ASKING_NEXT.has(bares[at + 1] ?? "") &&
    !WH_INSIDE_AFTER.has(bares[at - 1] ?? "") &&
    !/[,;:]$/.test(previous)
  );
}

const LONGEST_RESTART = 6;

/** Whether the words from `at` repeat the ones just before it ("i do wanna increase i do wanna increase"). */
function restarts(bares: readonly string[], at: number): boolean {
  for (let n = 1; n <= LONGEST_RESTART && n <= at; n++) {
    let same = true;
    for (let k = 0; k < n && same; k++) same = bares[at + k] === bares[at - n + k];
    if (same) return true;
  }
  return false;
}

/**
 * Splits a run-on sentence (ASR with few full stops) before discourse words ("so", "okay", "but")
 * and before two-word openers of a question, a finding or an order ("do you", "there is", "i want").
 */
function splitRunOn(sentence: string): string[] {
  const tokens = sentence.split(/\s+/);
  const runOn = tokens.length > RUN_ON_WORDS;
  if (!runOn && tokens.length < 2 * MIN_PIECE_WORDS) return [sentence];
  const bares = tokens.map(bareWord);
  const out: string[] = [];
  let current: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const bare = bares[k]!;
    // "have, you know, 1+ pitting edema" is not "have you": a pair does not reach across a comma.
    const pair = tokens[k]!.endsWith(",") ? "" : `${bare} ${bares[k + 1] ?? ""}`;
    const minLength = bare === "and" || bare === "then" ? 20 : 8;
    // "… lidocaine swish and swallow …" is one clause; "… and I want …" starts another.
    if (bare === "and" && !AND_STARTS.has(bares[k + 1] ?? "")) {
      current.push(tokens[k]!);
      continue;
    }
    const afterComma = (current[current.length - 1] ?? "").endsWith(",");
    const opens =
      !needsNext(bares, k) &&
      !PHRASES_NOT_SPLIT.has(`${bares[k - 1] ?? ""} ${bare}`) &&
      !restarts(bares, k) &&
      ((runOn && current.length >= minLength && CLAUSE_START.has(bare) && !afterComma) ||
        (runOn && current.length >= MIN_PIECE_WORDS && SENTENCE_OPENERS.has(pair) && !afterComma) ||
        (runOn && current.length >= MIN_PIECE_WORDS && warnsOfEmergency(bares, k)) ||
        (current.length >= MIN_PIECE_WORDS - 2 && asksMidSentence(bares, k, current)) ||
        // "have a seat so what brings you in today": the "so" opens the question.
        (current.length >= MIN_PIECE_WORDS - 2 &&
          CLAUSE_START.has(bare) &&
          asksMidSentence(bares, k + 1, [...current, tokens[k]!])));
    if (opens) {
      out.push(current.join(" "));
      current = [];
    }
    current.push(tokens[k]!);
  }
  if (current.length) out.push(current.join(" "));
  return out;
}

// prettier-ignore
const DISCOURSE_WORDS = new Set(["okay", "ok", "alright", "and", "so", "now", "well", "hmm", "um", "uh", "great", "yeah", "oh", "but"]);
// prettier-ignore
const AUXILIARIES = new Set(["do", "does", "did", "are", "is", "was", "were", "have", "has", "can", "could", "would", "will"]);
// prettier-ignore
const ASKED_SUBJECTS = new Set(["you", "your", "it", "there", "he", "she", "they", "anything", "any", "the"]);

/**
 * Speech without end punctuation asks by its form: "okay and have you noticed any fever", "any
 * visual changes", "how long has it been". A punctuated sentence is a question only by its "?".
 */
function asksByForm(raw: string): boolean {
  if (/[.?!]["')\]]?$/.test(raw.trim())) return false;
  // "do do you wear clips": a stutter is one word.
  const bares = raw
    .split(/\s+/)
    .map(bareWord)
    .filter((word, k, all) => word && word !== all[k - 1]);
  let k = 0;
  while (k < bares.length && DISCOURSE_WORDS.has(bares[k]!)) k++;
  const first = bares[k] ?? "";
  const second = bares[k + 1] ?? "";
  return (
    (AUXILIARIES.has(first) && ASKED_SUBJECTS.has(second)) ||
    (WH_WORDS.has(first) && ASKING_NEXT.has(second)) ||
    first === "any" ||
    first === "how's" ||
    `${first} ${second}` === "how about" ||
    `${first} ${second}` === "what about"
  );
}

/** Cleans one raw sentence into its output form (may return "" when nothing is left). */
export function cleanSentence(raw: string): string {
  const stripped = stripLeadingMarkers(stripFillers(raw));
  if (!/[a-z0-9]/i.test(stripped)) return "";
  return finishSentence(stripped);
}

export function parseConsultation(notes: string): ParsedConsultation {
  const { kind, turns } = splitTurns(notes);
  const sentences: SourceSentence[] = [];
  turns.forEach((turn, turnIndex) => {
    const fixed = fixAsrSpacing(turn.text);
    for (const said of splitSentences(fixed)) {
      const raw = afterSelfCorrection(said);
      const text = cleanSentence(raw);
      sentences.push({
        index: sentences.length,
        turn: turnIndex,
        speaker: turn.speaker,
        raw,
        text,
        words: words(text),
        isQuestion: /\?["')\]]?$/.test(raw.trim()) || (kind === "dialogue" && asksByForm(raw)),
        heading: turn.heading,
        position: 0,
      });
    }
  });
  const n = Math.max(1, sentences.length - 1);
  for (const s of sentences) s.position = s.index / n;
  return { kind, sentences, turnCount: turns.length };
}
