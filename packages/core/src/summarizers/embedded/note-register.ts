// Transcript sentences to note lines: third person, no "I"/"you", no fillers or hedges, spoken
// numbers in clinical notation ("I've been having a cough for two weeks" → "Reports a cough for 2
// weeks."; "I'm going to start you on omeprazole twenty milligrams" → "Start omeprazole 20 mg.").
// A doctor's yes/no question with a plain yes or no in reply becomes the answer as a finding ("Any
// fever or chills?" / "No." → "Denies fever or chills."). Small, explainable word rules, applied
// left to right over the sentence's tokens (linear, no regular expressions); a line that still
// reads as speech after them is dropped (""), never copied. Nothing is added but connective words
// ("Reports", "Denies", "the patient") and notation for what the sentence says; a rewrite whose
// numbers the sentence does not say is not used.

import { isDiagnosis, isMedicine } from "../../facts/check-facts";
import { clausesOf } from "../../facts/clauses";
import { statedNumbers } from "../../facts/numbers";
import type { Speaker } from "./parse-consultation";
import { clinicalNumbers } from "./spoken-numbers";
import { tokenize, untokenize, withoutRepeats, type Token } from "./tokens";

// prettier-ignore
const FILLERS = new Set([
  "um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "hm", "mm", "mhm", "mm-hmm", "uh-huh", "okay", "ok",
  "alright", "yeah", "yep", "yup", "kinda", "sorta", "basically", "actually", "literally", "honestly",
  "just", "gosh", "wow", "oh",
]);
// prettier-ignore
const LIKE_BEFORE = new Set(["i", "i'm", "i've", "it", "it's", "you", "you're", "we", "he", "she", "they", "um", "uh"]);
/** "It felt like I was …": "like" after these is a word, not a filler. */
// prettier-ignore
const LIKE_AFTER = new Set(["feel", "feels", "felt", "look", "looks", "looked", "seem", "seems", "seemed", "sound", "sounds", "sounded", "just", "i'd", "would", "we'd", "you'd", "i", "we", "they", "don't", "didn't", "really"]);
/** Words that open a sentence only as speech: dropped there ("So, …", "And then …"). */
// prettier-ignore
// Not "no": "No wheezing." keeps it (parse-consultation already drops "No," before a reply).
/** "I would say it's about an eight" → "It's about an eight". */
const SAYING_LEADS = ["i would say that", "i would say", "i'd say that", "i'd say", "would say"].map((lead) =>
  lead.split(" "),
);
const LEADING = new Set(["so", "and", "but", "well", "now", "then", "anyway", "like", "alright", "again"]);
// prettier-ignore
const FIRST_PERSON = new Set([
  "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "we're", "we've", "we'll", "we'd",
  "us", "our", "ours", "ourselves", "let's",
]);
// prettier-ignore
const SECOND_PERSON = new Set([
  "you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'll", "you'd", "ya", "y'all",
]);
// prettier-ignore
const SPEECH_WORDS = new Set(["gonna", "wanna", "gotta", "okay", "ok", "alright", "yeah", "yep", "kinda", "sorta", "um", "uh"]);
// prettier-ignore
const ADVERBS = new Set([
  "also", "still", "usually", "never", "ever", "always", "only", "really", "sometimes", "often", "normally",
  "mostly", "probably", "first", "even", "already", "definitely", "generally", "recently", "currently", "occasionally", "certainly",
]);
// prettier-ignore
const MODALS = new Set(["can", "cannot", "could", "would", "should", "will", "might", "must", "may", "shall"]);
// prettier-ignore
const IRREGULAR_PAST = new Set([
  "had", "was", "were", "went", "took", "got", "felt", "fell", "saw", "came", "did", "made", "ate", "gave",
  "left", "broke", "thought", "told", "said", "found", "began", "ran", "drank", "slept", "woke", "kept",
  "lost", "bought", "brought", "caught", "sat", "stood", "hit", "hurt", "put", "quit", "cut", "knew", "wore",
  "spent", "sent", "became", "heard", "meant", "lay", "rode", "drove", "wrote", "threw", "tore", "grew",
]);
// prettier-ignore
const THIRD_PERSON_IRREGULAR: ReadonlyMap<string, string> = new Map([
  ["have", "has"], ["be", "is"], ["am", "is"], ["are", "is"], ["do", "does"], ["go", "goes"], ["'m", "is"],
]);
// prettier-ignore
const PREPOSITIONS = new Set([
  "to", "for", "with", "about", "on", "at", "from", "by", "of", "in", "into", "than", "like", "without", "around",
]);
// prettier-ignore
const SUBORDINATORS = new Set([
  "if", "when", "that", "and", "but", "so", "because", "until", "unless", "while", "as", "since", "before",
  "after", "once", "or", "whether", "where", "whenever",
]);
// prettier-ignore
const AUXILIARIES = new Set([
  "are", "were", "have", "had", "can", "could", "should", "will", "would", "might", "must", "do", "did",
  "don't", "didn't", "can't", "won't", "haven't", "aren't", "weren't", "need", "may", "get", "got", "feel",
  "take", "want", "go", "notice", "see",
]);
// prettier-ignore
const KIN = new Set([
  "mother", "father", "mom", "dad", "brother", "sister", "wife", "husband", "son", "daughter", "children",
  "kids", "grandmother", "grandfather", "aunt", "uncle", "parents", "partner", "family", "cousin",
  "boyfriend", "girlfriend", "sisters", "brothers", "sons", "daughters",
]);
/** What a doctor says before the finding or the order itself: dropped. */
const DOCTOR_LEADS: readonly string[][] = [
  "i am going to go ahead and",
  "i'm going to go ahead and",
  "we're going to go ahead and",
  "we are going to go ahead and",
  "i'm going to have you",
  "i am going to have you",
  "i'm going to",
  "i am going to",
  "we're going to",
  "we are going to",
  "we'll have to",
  "we will have to",
  "we may have to",
  "we might have to",
  "we'll need to",
  "we will need to",
  "we may need to",
  "we might need to",
  "i'll go ahead and",
  "we'll go ahead and",
  "let's go ahead and",
  "my impression of the patient at this time is",
  "my impression of the patient at this time",
  "my impression is that",
  "my impression is",
  "my diagnosis here would be",
  "my diagnosis would be",
  "my diagnosis is",
  "what that means is that",
  "what that means is",
  "all that means is that",
  "that means that",
  "that means",
  "this means that",
  "this means",
  "i know that",
  "i know",
  "i see that",
  "i understand that",
  "i noticed that",
  "i notice that",
  "what i would like to do is",
  "what i'd like to do is",
  "what i want to do is",
  "what i'm going to do is",
  "what we're going to do is",
  "what i would recommend is",
  "my plan is to",
  "i would have you",
  "i do want to",
  "i do need to",
  "we do need to",
  "i suspect that",
  "i want you to",
  "i would like you to",
  "i'd like you to",
  "i need you to",
  "i'd like to",
  "i would like to",
  "i want to",
  "we want to",
  "i'd like",
  "i would like",
  "i'd",
  "we need to",
  "i need to",
  "we should",
  "you should",
  "we can",
  "i'll",
  "i will",
  "we'll",
  "we will",
  "let's",
  "let me",
  "go ahead and",
  "going to go ahead and",
  "going to",
  "i think that",
  "i think",
  "i believe",
  "i suspect",
  "i feel like",
  "i recommend that you",
  "i recommend that",
  "i would recommend",
  "i recommend",
  "you need to",
  "you're going to",
  "you are going to",
  "i've",
  "i have",
  "i'm",
  "i",
  "we've",
  "we",
].map((phrase) => phrase.split(" "));
const HEDGED_SUBJECTS: readonly string[][] = [
  "you are",
  "you're",
  "you have",
  "you've got",
  "this is",
  "it is",
  "it's",
  "that is",
  "that's",
  "this looks like",
  "it looks like",
  "it sounds like",
  "this sounds like",
].map((phrase) => phrase.split(" "));
/** "I've been having X" → "Reports X"; other "I've been …ing" keep their verb ("Has been taking"). */
const REPORTING = new Set(["having", "experiencing", "feeling", "noticing", "getting", "dealing"]);
/** "I've been getting short of breath": a state felt, after which "reports" would not be English. */
// prettier-ignore
const FELT_STATES = new Set(["short", "tired", "dizzy", "sick", "worse", "better", "weak", "nauseous", "breathless", "lightheaded", "light-headed", "sleepy", "confused", "anxious", "depressed", "shaky", "sweaty", "run-down", "winded"]);
// prettier-ignore
const CLAUSE_JOINS = new Set(["and", "but", "so", "then", "also"]);
// prettier-ignore
/** The clinician as the subject a lead or a new clause starts with ("I also want to", "… we'll see"). */
export const CLINICIAN_SUBJECTS: ReadonlySet<string> = new Set(["i", "we", "i'm", "we're", "i'd", "we'd", "i'll", "we'll", "let's"]);
// prettier-ignore
const LEAD_ADVERBS = new Set(["also", "just", "really", "definitely", "probably", "do", "still", "then", "actually"]);
// prettier-ignore
const DEGREE_WORDS = new Set(["so", "very", "really", "too", "quite", "pretty", "extremely", "just"]);
// prettier-ignore
const SINGULAR_VERB: ReadonlyMap<string, string> = new Map([
  ["are", "is"], ["am", "is"], ["were", "was"], ["have", "has"], ["do", "does"], ["don't", "does not"],
  ["aren't", "is not"], ["haven't", "has not"], ["want", "wants"], ["need", "needs"], ["think", "thinks"],
]);
// prettier-ignore
const HEDGES = new Set(["likely", "most", "probably", "possibly", "possible", "probable", "perhaps", "maybe"]);
// prettier-ignore
const SEE_YOU_NOT_ORDER = new Set(["in", "again", "next", "soon", "today", "tomorrow", "then", "there", "at", "on", "when", "after", "later", "around"]);
const DOCTOR_SEES = new Set(["see", "appreciate", "hear", "feel", "notice", "note", "find"]);

/** Capitalised first word. */
function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "take" → "takes", "have" → "has", "go" → "goes", "carry" → "carries". */
export function thirdPerson(verb: string): string {
  const irregular = THIRD_PERSON_IRREGULAR.get(verb);
  if (irregular) return irregular;
  if (/(?:s|sh|ch|x|z|o)$/.test(verb)) return verb + "es";
  if (/[^aeiou]y$/.test(verb)) return verb.slice(0, -1) + "ies";
  return verb + "s";
}

/** Words ASR leaves after "I" that are no verb ("I my right knee"): never conjugated. */
// prettier-ignore
const NOT_VERBS = new Set(["my", "the", "a", "an", "your", "this", "that", "it", "i", "you", "we", "he", "she", "they", "and", "but", "or", "so", "to", "in", "on", "at", "of", "for", "with", "um", "uh"]);

/** "accidentally", "really": an adverb between the subject and its verb. */
function isAdverb(word: string): boolean {
  return ADVERBS.has(word) || (word.length > 5 && word.endsWith("ly") && !NOT_ADVERBS.has(word));
}
// prettier-ignore
const NOT_ADVERBS = new Set(["apply", "reply", "supply", "family", "belly", "bully", "rally", "tally", "early", "only"]);

/** The verb after a singular subject: "take" → "takes"; "were" → "was"; "looks", "had", "can" unchanged. */
function agreedVerb(verb: string): string {
  if (verb === "were") return "was";
  if (isPast(verb) || MODALS.has(verb) || (verb.endsWith("s") && !verb.endsWith("ss"))) return verb;
  // "would've", "could've": a modal with its auxiliary agrees already.
  if (verb.includes("'")) return verb;
  return thirdPerson(verb);
}

function isPast(word: string): boolean {
  return IRREGULAR_PAST.has(word) || (word.endsWith("ed") && !word.endsWith("eed"));
}

function word(text: string): Token {
  return { pre: "", core: text, bare: text.toLowerCase(), post: "" };
}

function words(text: string): Token[] {
  return text.split(" ").map(word);
}

function startsWith(tokens: readonly Token[], at: number, phrase: readonly string[]): boolean {
  return phrase.every((w, k) => tokens[at + k]?.bare === w);
}

const PLANNERS = new Set(["i", "we", "let's"]);

/** A speech opener at `at`; "otherwise" only before the clinician's plan ("Otherwise healthy" stays). */
function leads(tokens: readonly Token[], at: number): boolean {
  const opener = tokens[at]!.bare;
  return (
    LEADING.has(opener) ||
    (opener === "otherwise" && PLANNERS.has(tokens[at + 1]?.bare ?? "")) ||
    // "Yes, it looks like tonsillitis": an answer's "yes," before what is said.
    ((opener === "yes" || opener === "yeah") && tokens[at]!.post.startsWith(","))
  );
}

/** Drops fillers, "you know", "kind of", "I mean" and speech openers; expands "gonna". */
function withoutSpeech(tokens: readonly Token[], openers = true): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1]?.bare;
    const pair = `${t.bare} ${next ?? ""}`;
    if (
      pair === "you know" ||
      pair === "i mean" ||
      pair === "i guess" ||
      pair === "all right" ||
      pair === "kind of" ||
      pair === "sort of"
    ) {
      i++;
      continue;
    }
    if (t.bare === "gonna" || t.bare === "wanna" || t.bare === "gotta") {
      const verb = t.bare === "gonna" ? "going" : t.bare === "wanna" ? "want" : "have";
      out.push({ ...t, core: verb, bare: verb, post: "" }, { pre: "", core: "to", bare: "to", post: t.post });
      continue;
    }
    if (FILLERS.has(t.bare)) continue;
    // "like" as a filler: set off by commas, or before a clause ("I like I can't …").
    if (
      t.bare === "like" &&
      (t.post.startsWith(",") ||
        out.at(-1)?.post.startsWith(",") ||
        (LIKE_BEFORE.has(next ?? "") && !LIKE_AFTER.has(out.at(-1)?.bare ?? "")))
    )
      continue;
    if (t.bare === "pretty" && next && next !== "much") continue;
    out.push(t);
  }
  // Speech openers, repeatedly: "So, and then, …", and "I would say (that)" before what is said.
  let start = 0;
  for (let moved = true; openers && moved;) {
    moved = false;
    while (start < out.length && leads(out, start) && out.length - start > 1) start++;
    const say = SAYING_LEADS.find((lead) => startsWith(out, start, lead));
    if (say && out.length - start > say.length + 1) {
      start += say.length;
      moved = true;
    }
  }
  // A tag at the end: ", right", ", correct".
  let end = out.length;
  while (end > start + 1 && (out[end - 1]!.bare === "right" || out[end - 1]!.bare === "correct")) {
    if (!out[end - 2]!.post.includes(",")) break;
    end--;
  }
  return out.slice(start, end);
}

/** The patient as the subject of a clause at `at` ("I", "I've" …), rewritten; undefined when not one. */
function patientSubject(tokens: readonly Token[], at: number, initial: boolean): Token[] | undefined {
  const t = tokens[at]!.bare;
  const next = tokens[at + 1]?.bare ?? "";
  const after = tokens[at + 2]?.bare ?? "";
  const who = initial ? [] : [word("the"), word("patient")];
  const rest = (skip: number) => tokens.slice(at + skip);
  const withSubject = (verb: string, skip: number) => [...who, ...words(verb), ...rest(skip)];
  if (t === "i'm" || (t === "i" && next === "am")) {
    const skip = t === "i'm" ? 1 : 2;
    // "I'm so tired" → "The patient is so tired", not "So tired" (a leading "so" reads as speech).
    const degree = DEGREE_WORDS.has(tokens[at + skip]?.bare ?? "");
    return initial && !degree ? rest(skip) : [...words("the patient is"), ...rest(skip)];
  }
  if (t === "i've" || (t === "i" && next === "have")) {
    const skip = t === "i've" ? 1 : 2;
    const verb = tokens[at + skip]?.bare ?? "";
    const then = tokens[at + skip + 1]?.bare ?? "";
    // "I've been getting short of breath" keeps its verb: "reports short of breath" is not English.
    if (verb === "been" && REPORTING.has(then) && !FELT_STATES.has(tokens[at + skip + 2]?.bare ?? ""))
      return withSubject("reports", skip + 2);
    if ((verb === "had" || verb === "noticed" || verb === "experienced") && then !== "my" && then !== "to")
      return withSubject("reports", skip + 1);
    if (verb === "not" || verb === "n't") return withSubject("has not", skip + 1);
    return withSubject("has", skip);
  }
  if (t === "i'd") return withSubject(next === "been" ? "had" : "would", 1);
  if (t === "i'll") return withSubject("will", 1);
  if (t !== "i") return undefined;
  const negated: Record<string, string> = {
    "don't": "does not",
    "didn't": "did not",
    "can't": "cannot",
    "couldn't": "could not",
    "wasn't": "was not",
    "haven't": "has not",
    "hadn't": "had not",
    "won't": "will not",
    "wouldn't": "would not",
  };
  if (negated[next]) return withSubject(negated[next], 2);
  if (next === "do" && after === "not") return withSubject("does not", 3);
  if (next === "did" && after === "not") return withSubject("did not", 3);
  let v = at + 1;
  while (v < tokens.length && isAdverb(tokens[v]!.bare)) v++;
  const verbToken = tokens[v];
  if (!verbToken) return undefined;
  const verb = verbToken.bare;
  const between = tokens.slice(at + 1, v);
  if (verb === "think" && tokens[v + 1]?.bare === "so") return undefined;
  if (isPast(verb) || MODALS.has(verb) || verb === "used")
    return [...who, ...between, verbToken, ...tokens.slice(v + 1)];
  if (verb === "feel" && tokens[v + 1]?.bare === "like")
    return [...who, ...between, { ...verbToken, core: "feels", bare: "feels" }, ...tokens.slice(v + 2)];
  if (!/^[a-z]+$/.test(verb) || NOT_VERBS.has(verb)) return undefined;
  const conjugated = agreedVerb(verb);
  return [...who, ...between, { ...verbToken, core: conjugated, bare: conjugated }, ...tokens.slice(v + 1)];
}

/** Whether the word at `at` starts a clause: the sentence's start, or after a comma or "and"/"but". */
function clauseStart(tokens: readonly Token[], at: number): boolean {
  if (at === 0) return true;
  const previous = tokens[at - 1]!;
  return previous.post.includes(",") || previous.post.includes(";") || SUBORDINATORS.has(previous.bare);
}

function patientLine(tokens: Token[]): Token[] {
  let out = tokens;
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!.bare;
    if (t === "i" || t === "i'm" || t === "i've" || t === "i'd" || t === "i'll") {
      const initial = i === 0 || (clauseStart(out, i) && !SUBORDINATORS.has(out[i - 1]!.bare));
      const rewritten = patientSubject(out, i, initial);
      if (rewritten) {
        const carry = out[i]!.pre;
        out = [...out.slice(0, i), ...rewritten];
        if (out[i]) out[i] = { ...out[i]!, pre: carry + out[i]!.pre };
      }
    } else if (t === "my") {
      if (i === 0 || KIN.has(out[i + 1]?.bare ?? "")) out = [...out.slice(0, i), ...out.slice(i + 1)];
      else out = [...out.slice(0, i), { ...out[i]!, core: "the", bare: "the" }, ...out.slice(i + 1)];
      i--;
    } else if (t === "me") {
      out = [
        ...out.slice(0, i),
        { ...words("the patient")[0]!, pre: out[i]!.pre },
        { ...word("patient"), post: out[i]!.post },
        ...out.slice(i + 1),
      ];
    }
  }
  return out;
}

/** A doctor's "you" (the patient): subject "the patient …", object dropped. */
function doctorYou(tokens: Token[]): Token[] {
  let out = tokens;
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    if (t.bare === "your") {
      if (i === 0) out = out.slice(1);
      else out = [...out.slice(0, i), { ...t, core: "the", bare: "the" }, ...out.slice(i + 1)];
      if (i === 0) i--;
      continue;
    }
    if (t.bare === "you're" || t.bare === "you've" || t.bare === "you'll") {
      const verb = t.bare === "you're" ? "is" : t.bare === "you've" ? "has" : "will";
      const who = [word("the"), word("patient")];
      out = [...out.slice(0, i), ...who, { ...word(verb), post: t.post }, ...out.slice(i + 1)];
      continue;
    }
    if (t.bare !== "you") continue;
    const previous = out[i - 1];
    const next = out[i + 1];
    const subject =
      !previous ||
      SUBORDINATORS.has(previous.bare) ||
      previous.post.includes(",") ||
      AUXILIARIES.has(next?.bare ?? "");
    // "You already have a strainer" → "The patient already has a strainer".
    if (subject && next && isAdverb(next.bare) && /^[a-z]+$/.test(out[i + 2]?.bare ?? "")) {
      const verb = out[i + 2]!;
      const agreed = agreedVerb(verb.bare);
      out = [
        ...out.slice(0, i),
        word("the"),
        word("patient"),
        next,
        { ...verb, core: agreed, bare: agreed },
        ...out.slice(i + 3),
      ];
      continue;
    }
    if (subject && next && /^[a-z']+$/.test(next.bare) && !NOT_VERBS.has(next.bare)) {
      const who = [word("the"), word("patient")];
      const negated: Record<string, string> = {
        "don't": "does not",
        "didn't": "did not",
        "can't": "cannot",
        "haven't": "has not",
        "aren't": "is not",
        "weren't": "was not",
        "won't": "will not",
      };
      const verb = negated[next.bare] ?? agreedVerb(next.bare);
      out = [
        ...out.slice(0, i),
        ...who,
        ...words(verb).map((w, k, all) => (k === all.length - 1 ? { ...w, post: next.post } : w)),
        ...out.slice(i + 2),
      ];
      continue;
    }
    if (previous && PREPOSITIONS.has(previous.bare)) {
      out = [
        ...out.slice(0, i),
        { ...word("the"), pre: t.pre },
        { ...word("patient"), post: t.post },
        ...out.slice(i + 1),
      ];
      continue;
    }
    // The object of an order: "start you on" → "start", "refer you to" → "refer to".
    if (previous) previous.post ||= t.post;
    const on = (previous?.bare === "start" || previous?.bare === "put") && next?.bare === "on" && !t.post;
    out = [...out.slice(0, i), ...out.slice(i + (on ? 2 : 1))];
    i--;
  }
  return out;
}

/** "go" → "goes" after a singular subject; undefined for a word that needs no change. */
function baseVerbAgreed(verb: string): string | undefined {
  if (!/^[a-z]+$/.test(verb) || MODALS.has(verb) || ADVERBS.has(verb) || isPast(verb) || verb.endsWith("s"))
    return undefined;
  return thirdPerson(verb);
}

/** "I (do) see / don't appreciate (any)" at `at`: how many words it takes and whether it negates. */
function clinicianSees(
  tokens: readonly Token[],
  at: number,
): { length: number; negated: boolean } | undefined {
  if (tokens[at]?.bare !== "i") return undefined;
  const w = (k: number) => tokens[at + k]?.bare ?? "";
  let k = 1;
  let negated = false;
  if (w(1) === "don't" || w(1) === "didn't") {
    negated = true;
    k = 2;
  } else if (w(1) === "do" && w(2) === "not") {
    negated = true;
    k = 3;
  } else if (w(1) === "do") k = 2;
  if (!DOCTOR_SEES.has(w(k))) return undefined;
  k++;
  if ((negated && w(k) === "any") || w(k) === "that") k++;
  return { length: k, negated };
}

const LOOKS_LIKE = [
  ["it", "looks", "like"],
  ["this", "looks", "like"],
  ["it", "sounds", "like"],
  ["this", "sounds", "like"],
];

/** "It looks like (a) tonsillitis": what follows is a diagnosis, not "your blood pressure is fine". */
function namesImpression(tokens: readonly Token[]): boolean {
  const phrase = LOOKS_LIKE.find((lead) => startsWith(tokens, 0, lead));
  if (!phrase) return false;
  const next = tokens[phrase.length]?.bare ?? "";
  return next === "a" || next === "an" || isDiagnosis(next);
}

function doctorLine(tokens: Token[]): Token[] {
  let out = tokens;
  // Leads at the start of each clause: "Stop the ibuprofen, and I'm going to start you on …".
  for (let i = 0; i < out.length; i++) {
    const previous = out[i - 1];
    const clause =
      i === 0 ||
      previous!.post.includes(",") ||
      previous!.post.includes(";") ||
      CLAUSE_JOINS.has(previous!.bare);
    if (!clause) continue;
    // What the clinician finds: "I (do) appreciate a murmur" → "a murmur"; "I don't appreciate any
    // murmurs" → "No murmurs"; at the start or after "On the heart exam,".
    const seen = clinicianSees(out, i);
    if (seen) {
      out = [
        ...out.slice(0, i),
        ...(seen.negated ? [word(i === 0 ? "No" : "no")] : []),
        ...out.slice(i + seen.length),
      ];
      continue;
    }
    // "I also want to", "I do want to": the adverb goes with the lead.
    if (CLINICIAN_SUBJECTS.has(out[i]?.bare ?? "") && LEAD_ADVERBS.has(out[i + 1]?.bare ?? ""))
      out = [...out.slice(0, i + 1), ...out.slice(i + 2)];
    let hedged = false;
    for (let guard = 0; guard < 4; guard++) {
      const lead = DOCTOR_LEADS.find((phrase) => startsWith(out, i, phrase));
      if (!lead) break;
      const spoken = lead.join(" ");
      // "… so I can check on you": inside a clause the clinician stays its subject.
      if ((spoken === "i" || spoken === "we") && SUBORDINATORS.has(out[i - 1]?.bare ?? "")) {
        const verb = out[i + 1];
        const agreed = verb && (SINGULAR_VERB.get(verb.bare) ?? baseVerbAgreed(verb.bare));
        const rest = agreed
          ? [{ ...verb, core: agreed, bare: agreed }, ...out.slice(i + 2)]
          : out.slice(i + 1);
        out = [...out.slice(0, i), word("the"), { ...word("clinician"), post: out[i]!.post }, ...rest];
        break;
      }
      hedged ||=
        spoken.startsWith("i think") ||
        spoken === "i believe" ||
        spoken.startsWith("i suspect") ||
        spoken === "i feel like";
      out = [...out.slice(0, i), ...out.slice(i + lead.length)];
    }
    // "Carry on with the paracetamol" → "Continue the paracetamol".
    if (startsWith(out, i, ["carry", "on", "with"]))
      out = [...out.slice(0, i), word(i === 0 ? "Continue" : "continue"), ...out.slice(i + 3)];
    // "We'll have you continue …" → "Continue …".
    if (startsWith(out, i, ["have", "you"]) && out.length > i + 2)
      out = [...out.slice(0, i), ...out.slice(i + 2)];
    // "It looks like tonsillitis" is an impression as much as "I think this is tonsillitis".
    hedged ||= i === 0 && namesImpression(out);
    if (hedged) {
      // "I think this is an acute exacerbation" → "Likely an acute exacerbation": the hedge is kept.
      const subject = HEDGED_SUBJECTS.find((phrase) => startsWith(out, i, phrase));
      const hedge = HEDGES.has(out[i + (subject?.length ?? 0)]?.bare ?? "") ? [] : [word("likely")];
      if (subject && out.length > i + subject.length)
        out = [...out.slice(0, i), ...hedge, ...out.slice(i + subject.length)];
    }
  }
  // "See you back in 4 weeks" → "Follow up in 4 weeks"; "(I'd like to) see you take …" → "Take …".
  if (out[0]?.bare === "see" && out[1]?.bare === "you") {
    const next = out[2]?.bare ?? "";
    if (next === "back") out = [...words("follow up"), ...out.slice(3)];
    else if (/^[a-z]+$/.test(next) && !SEE_YOU_NOT_ORDER.has(next)) out = out.slice(2);
  }
  return doctorYou(withoutSeeUs(out));
}

/** "come back and see us" → "come back": who is seen again is the clinic, not a new subject. */
function withoutSeeUs(tokens: Token[]): Token[] {
  const at = tokens.findIndex(
    (t, k) =>
      t.bare === "and" &&
      tokens[k - 1]?.bare === "back" &&
      tokens[k + 1]?.bare === "see" &&
      (tokens[k + 2]?.bare === "us" || tokens[k + 2]?.bare === "me"),
  );
  if (at < 0) return tokens;
  const kept = [...tokens.slice(0, at), ...tokens.slice(at + 3)];
  kept[at - 1] = { ...kept[at - 1]!, post: tokens[at + 2]!.post };
  return kept;
}

function hasSpeech(tokens: readonly Token[]): boolean {
  return tokens.some(
    (t) => FIRST_PERSON.has(t.bare) || SECOND_PERSON.has(t.bare) || SPEECH_WORDS.has(t.bare),
  );
}

function numbersOf(text: string): Set<string> {
  return new Set(clausesOf(text).flatMap((clause) => statedNumbers(clause.words)));
}

/** Frequencies as a note writes them: "twice a day" → "twice daily". */
function clinicalFrequencies(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (
      (t.bare === "once" || t.bare === "twice") &&
      tokens[i + 1]?.bare === "a" &&
      tokens[i + 2]?.bare === "day" &&
      !t.post &&
      !tokens[i + 1]!.post
    ) {
      out.push(t, { ...word("daily"), post: tokens[i + 2]!.post });
      i += 2;
    } else out.push(t);
  }
  return out;
}

/** The finished line: numbers in notation (only if every number is said), one final full stop. */
// prettier-ignore
const ASKING_PAIRS = new Set([
  "is there", "is that", "is it", "do you", "does it", "does that", "are you", "did you", "have you",
  "can you", "any other", "anything else", "how long", "how often", "how much", "what activities",
  "what makes", "what kind", "what type", "what time", "what medications", "what brings",
  "what does", "what do", "what did", "what is", "what are", "how does", "how do", "how is", "how are",
  "why do", "why did", "when did", "where is", "where does",
]);
// prettier-ignore
/** After these a question word is part of the sentence ("to see exactly what type of anemia"). */
export const EMBEDS_QUESTION: ReadonlySet<string> = new Set(["see", "know", "exactly", "find", "out", "determine", "check", "figure", "understand", "tell", "ask", "about", "of", "on", "sure", "decide", "learn", "show"]);
/** Fewer words than this before a question that interrupts the line leave nothing worth keeping. */
const MIN_BEFORE_QUESTION = 3;

/** The line up to a question said inside it ("… weaker on that left hand is that what …"). */
function beforeQuestion(tokens: Token[]): Token[] {
  for (let k = 0; k < tokens.length - 1; k++) {
    if (tokens[k]!.post || !ASKING_PAIRS.has(`${tokens[k]!.bare} ${tokens[k + 1]!.bare}`)) continue;
    // "… to see exactly what type of anemia it is": a question inside the sentence, not asked.
    if (EMBEDS_QUESTION.has(tokens[k - 1]?.bare ?? "")) continue;
    if (k === 0) return [];
    return k >= MIN_BEFORE_QUESTION ? tokens.slice(0, k) : [];
  }
  return tokens;
}

/** Words that cannot end a sentence: speech trailing off ("… because of the kidney transplant, so"). */
// prettier-ignore
const DANGLING = new Set(["so", "and", "but", "or", "because", "the", "a", "to", "with", "of", "which", "in", "for", "from", "by", "at", "also", "any"]);

// prettier-ignore
const SCRIBE_VERBS = new Set(["add", "include", "insert", "paste", "copy", "remove", "delete", "use", "put", "pull", "populate", "type", "note", "list"]);
// prettier-ignore
const AUXILIARY_OPENERS = new Set(["do", "does", "did", "is", "are", "was", "were", "have", "has", "can", "could", "would", "will"]);

// prettier-ignore
const INVERTED_SUBJECTS = new Set(["this", "that", "it", "there", "these", "those", "all", "anything", "something", "is", "was", "does", "do", "did", "you"]);

/** "Do the patient notices any blood" (a rewritten "do you notice …"), "Which is good …": not a finding. */
function asksOrDangles(tokens: readonly Token[]): boolean {
  const first = tokens[0]?.bare ?? "";
  if (first === "which") return true;
  // "Please add the following pathology to results": an instruction to the scribe.
  if (first === "please" && SCRIBE_VERBS.has(tokens[1]?.bare ?? "")) return true;
  if (!AUXILIARY_OPENERS.has(first)) return false;
  const second = tokens[1]?.bare ?? "";
  // "Is this going to help", "Would that be surgery", "Do does even light pressure bother it".
  return (second === "the" && tokens[2]?.bare === "patient") || INVERTED_SUBJECTS.has(second);
}

/** "Essentially what that means, Russell.": the meaning was never said. */
function meansNothingSaid(tokens: readonly Token[]): boolean {
  const means = tokens.findIndex(
    (t, k) => t.bare === "means" && MEANS_SUBJECTS.has(tokens[k - 1]?.bare ?? ""),
  );
  return means >= 0 && tokens.length - means - 1 < 2;
}
const MEANS_SUBJECTS = new Set(["that", "this", "which", "it"]);

// prettier-ignore
const ANNOUNCING_VERBS = new Set(["do", "perform", "take", "have", "get", "start"]);
// prettier-ignore
const ANNOUNCED_ACTS = new Set(["exam", "examination", "look", "listen", "maneuvers"]);
// prettier-ignore
const ANNOUNCEMENT_WORDS = new Set(["a", "an", "some", "quick", "brief", "little", "real", "physical", "on", "of", "at", "the", "patient", "here", "now", "today", "and", "so"]);

/**
 * "Do a quick physical exam (on the patient) and the vitals look good" → "The vitals look good": the
 * clinician announcing an examination says nothing the note records; what it found does.
 */
function withoutAnnouncement(tokens: Token[]): Token[] {
  if (!ANNOUNCING_VERBS.has(tokens[0]?.bare ?? "")) return tokens;
  let k = 1;
  while (k < tokens.length && k <= 4 && !ANNOUNCED_ACTS.has(tokens[k]!.bare)) {
    if (!ANNOUNCEMENT_WORDS.has(tokens[k]!.bare)) return tokens;
    k++;
  }
  if (!ANNOUNCED_ACTS.has(tokens[k]?.bare ?? "")) return tokens;
  k++;
  while (k < tokens.length && ANNOUNCEMENT_WORDS.has(tokens[k]!.bare)) k++;
  return tokens.slice(k);
}

const EXAM_HEADING = new RegExp(
  [
    String.raw`^(?:(?:on|to|for) )?(?:the |your |his |her |a )?(?:(?:quick|brief|physical|[a-z]+al) )*(?:[a-z]+ ){0,2}(?:exam|examination)(?: here)?$`,
    String.raw`^(?:on |to )(?:the )?(?:heart and lungs|heart|lungs)$`,
    String.raw`^(?:quickly )?listen to (?:the )?(?:heart and lungs|heart|lungs)$`,
    String.raw`^(?:let's )?move on to (?:the |a )?(?:physical )?exam(?:ination)?$`,
    String.raw`^examine (?:here|you)(?: for a (?:second|minute|moment))?$`,
    String.raw`^review (?:the )?(?:past )?medical history$`,
  ].join("|"),
);
/**
 * "… everything else looks good and on abdominal exam": the name of the next exam, said before its
 * finding, ends a line. Only after "and", or in a line that opened with its own exam's name; "no
 * masses on physical exam" says where the finding was.
 */
const TRAILING_EXAM =
  /(,? and on|^on (?:the )?(?:[a-z]+ ){0,2}exam(?:ination)? .*? on) (?:the )?[a-z]+ (?:[a-z]+ )?(?:exam|examination)$/;
const FINDING_WORDS = new Set([
  "normal",
  "abnormal",
  "unremarkable",
  "benign",
  "fine",
  "good",
  "clear",
  "negative",
  "positive",
  "limited",
  "tender",
]);
// prettier-ignore
const STOCK_PHRASES = new Set(["sounds like a plan", "so far so good", "far so good", "for the most part", "ready to get started", "take advantage of that", "sounds good", "that sounds right"]);

/** "On the heart exam.", "A quick physical exam here.", "Sounds like a plan.": a line that says no finding. */
function saysNothing(tokens: readonly Token[]): boolean {
  const bares = tokens.map((t) => t.bare).filter(Boolean);
  const said = bares.join(" ");
  if (STOCK_PHRASES.has(said)) return true;
  return EXAM_HEADING.test(said) && !bares.some((word) => FINDING_WORDS.has(word));
}

function withoutTrailingExamName(tokens: Token[]): Token[] {
  const said = tokens.map((t) => t.bare).join(" ");
  const match = TRAILING_EXAM.exec(said);
  if (!match) return tokens;
  const trailing = said.slice(said.lastIndexOf(" on ", said.length) + 1).split(" ").length;
  const dropped = match[1]!.startsWith("on ") ? trailing : trailing + (match[1]!.includes("and") ? 1 : 0);
  return tokens.slice(0, tokens.length - dropped);
}

function finish(spoken: Token[], said: string): string {
  if (asksOrDangles(spoken)) return "";
  let tokens = beforeQuestion(withoutAnnouncement(spoken));
  if (meansNothingSaid(tokens) || saysNothing(tokens)) return "";
  tokens = withoutTrailingExamName(tokens);
  while (tokens.length > 1 && DANGLING.has(tokens.at(-1)!.bare)) tokens = tokens.slice(0, -1);
  if (tokens.length === 0) return "";
  const plain = untokenize(clinicalFrequencies(tokens));
  let text = untokenize(clinicalNumbers(clinicalFrequencies(tokens)));
  // Notation is kept only when every number it writes is one the sentence says.
  if (text !== plain) {
    const allowed = numbersOf(said);
    if ([...numbersOf(text)].some((n) => !allowed.has(n))) text = plain;
  }
  text = text.trim();
  // Punctuation left dangling by a dropped word; the sentence's own end replaced by one stop.
  while (text.length > 0 && ",;:-.?!".includes(text.charAt(text.length - 1)))
    text = text.slice(0, -1).trimEnd();
  while (text.length > 0 && ",;:-.".includes(text.charAt(0))) text = text.slice(1).trimStart();
  if (!text) return "";
  // Speech that still reads as a question (ASR without "?": "any numbness any tingling") is dropped.
  if (clausesOf(text).some((clause) => clause.question)) return "";
  return capitalise(text) + ".";
}

const MIN_WORDS = 2;

/**
 * One transcript sentence as a note line, or "" when it cannot be one (still speech after the
 * rules, or too little left). `text` is the sentence as parse-consultation cleaned it.
 */
export function noteLine(text: string, speaker: Speaker): string {
  const line = rewritten(text, speaker);
  if (line !== SPEECH) return line;
  // Speech only after a comma ("… a 3/6 systolic ejection murmur, which we've heard in the past"):
  // the sentence up to there.
  const before = writablePrefix(text, speaker);
  if (before) return before;
  // Still speech, but it orders something or names a medicine: the clauses that can be written as
  // note lines are kept ("Order a renal artery ultrasound to be sure we're not missing anything" →
  // "Order a renal artery ultrasound."), and when none can, the sentence as said — a clinician can
  // reword speech, but would not know a prescription was left out.
  if (!carriesOrder(text)) return "";
  const pieces = speechClauses(text)
    .filter(carriesOrder)
    .map((piece) => rewritten(piece, speaker));
  if (pieces.length > 0 && pieces.every((piece) => piece && piece !== SPEECH)) return pieces.join(" ");
  return rewritten(text, speaker, true);
}

/** Commas tried, from the last one back, when only a sentence's end is speech. */
const PREFIX_COMMAS = 4;
const MIN_PREFIX_WORDS = 4;

/** The longest start of the sentence, ended at one of its first commas, that reads as a note line. */
/** The words a condition opens with ("if you're not improving …"). */
export const CONDITIONS: ReadonlySet<string> = new Set(["if", "when", "once", "unless"]);

function writablePrefix(text: string, speaker: Speaker): string {
  const tokens = tokenize(text);
  const commas: number[] = [];
  for (let k = 0; k < tokens.length - 1 && commas.length < PREFIX_COMMAS; k++)
    if (tokens[k]!.post.includes(",")) commas.push(k);
  // "If you're not improving after three days, come back …": a condition without what then.
  if (CONDITIONS.has(tokens[0]?.bare ?? "")) return "";
  for (const end of commas.reverse()) {
    if (end + 1 < MIN_PREFIX_WORDS) break;
    // "… anemia profile, to see exactly, uh, what type …": a prefix that stops before its object.
    if (EMBEDS_QUESTION.has(tokens[end]!.bare)) continue;
    const line = rewritten(untokenize(tokens.slice(0, end + 1)), speaker);
    if (line && line !== SPEECH) return line;
  }
  return "";
}

/** What `rewritten` answers for a line that still reads as speech. */
const SPEECH = "\u0000speech";

/** Splits a sentence at commas and at clause words ("and", "so", "because", "to be sure"). */
function speechClauses(text: string): string[] {
  const tokens = tokenize(text);
  const pieces: Token[][] = [[]];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const startsClause =
      pieces.at(-1)!.length >= 2 &&
      (SUBORDINATORS.has(t.bare) ||
        CLAUSE_JOINS.has(t.bare) ||
        (t.bare === "to" && tokens[k + 1]?.bare === "be"));
    if (startsClause) pieces.push([]);
    pieces.at(-1)!.push(t);
    if (t.post.includes(",") || t.post.includes(";")) pieces.push([]);
  }
  return pieces.filter((p) => p.length >= 2).map(untokenize);
}

function rewritten(text: string, speaker: Speaker, keepSpeech = false): string {
  let tokens = withoutSpeech(withoutRepeats(tokenize(text)));
  if (tokens.length === 0) return "";
  const doctor = speaker === "doctor" || speaker === "clinician";
  tokens = doctor ? doctorLine(tokens) : patientLine(tokens);
  if (!doctor) tokens = doctorYou(tokens);
  tokens = withoutRepeats(withoutSpeech(tokens, false));
  // One word can be a line ("Gastritis."); select.ts drops lines with no content word.
  if (tokens.length < 1) return "";
  if (hasSpeech(tokens) && !keepSpeech) return SPEECH;
  return finish(tokens, text);
}

// prettier-ignore
const ORDER_WORDS = new Set([
  "prescribe", "prescribing", "start", "starting", "stop", "continue", "increase", "decrease", "order",
  "ordering", "refer", "referral", "x-ray", "xray", "scan", "mri", "ct", "ultrasound", "echocardiogram",
  "biopsy", "surgery", "injection", "vaccine", "labs", "test", "tests", "emergency", "mg", "milligrams",
  "mcg", "micrograms", "units",
]);

/** A command to a voice assistant or the record system ("show me the chest x-ray"), not an order. */
const COMMAND_OPENERS = new Set(["show", "pull", "open", "display", "bring"]);

/** Whether a sentence orders something or names a medicine or a dose. */
function carriesOrder(text: string): boolean {
  const tokens = tokenize(text);
  if (COMMAND_OPENERS.has(tokens[0]?.bare ?? "") && ["me", "up"].includes(tokens[1]?.bare ?? ""))
    return false;
  return tokens.some(({ bare }) => ORDER_WORDS.has(bare) || isMedicine(bare));
}

// ---------- questions and answers ----------

type Answer = "yes" | "no" | "unsure";

// prettier-ignore
const YES = new Set(["yes", "yeah", "yep", "yup", "yea", "correct", "right", "sure", "definitely", "absolutely", "mhm", "mm-hmm", "uh-huh", "exactly", "true", "affirmative"]);
// prettier-ignore
const NO = new Set(["no", "nope", "nah", "never", "none", "negative"]);
const YES_PHRASES = ["i do", "i am", "i have", "i did", "that's right", "that's correct", "i think so"].map(
  (p) => p.split(" "),
);
const NO_PHRASES = [
  "not really",
  "not at all",
  "i don't",
  "i do not",
  "i haven't",
  "i have not",
  "i didn't",
  "i'm not",
  "i am not",
].map((p) => p.split(" "));
const UNSURE_PHRASES = [
  "i'm not sure",
  "i am not sure",
  "not sure",
  "i don't know",
  "i don't think so",
  "not that i know of",
  "i'm not certain",
  "maybe",
].map((p) => p.split(" "));
const MIXED = new Set(["but", "except", "although", "though", "only"]);
/** At most this many words besides the yes or no make a reply plain ("No, nothing like that."). */
const PLAIN_REPLY_WORDS = 5;

/** Whether a reply is a plain yes, no or "not sure" (undefined when it says more, or something else). */
export function replyAnswer(reply: string): Answer | undefined {
  const tokens = tokenize(reply).filter((t) => !FILLERS.has(t.bare) || YES.has(t.bare));
  if (tokens.length === 0 || tokens.length > PLAIN_REPLY_WORDS + 1) return undefined;
  // "I do smoke but no alcohol": a mixed answer is not a plain one.
  if (tokens.some((t) => MIXED.has(t.bare))) return undefined;
  for (const phrase of UNSURE_PHRASES) if (startsWith(tokens, 0, phrase)) return "unsure";
  for (const phrase of NO_PHRASES) if (startsWith(tokens, 0, phrase)) return "no";
  if (NO.has(tokens[0]!.bare)) return "no";
  for (const phrase of YES_PHRASES)
    if (startsWith(tokens, 0, phrase)) return phrase[2] === "so" ? "unsure" : "yes";
  if (YES.has(tokens[0]!.bare)) return "yes";
  return undefined;
}

const FINDING_VERBS = new Set([
  "have",
  "had",
  "get",
  "got",
  "notice",
  "noticed",
  "feel",
  "felt",
  "experience",
  "experienced",
  "see",
  "seen",
  "develop",
  "developed",
  "ever",
]);
const TRAILING = [
  ["or", "anything", "like", "that"],
  ["or", "anything", "else"],
  ["or", "anything"],
  ["or", "not"],
  ["at", "all"],
  ["right", "now"],
];

function trimQuestion(tokens: Token[]): Token[] {
  let out = withoutSpeech(withoutRepeats(tokens));
  let changed = true;
  while (changed) {
    changed = false;
    for (const tail of TRAILING) {
      if (out.length > tail.length && startsWith(out, out.length - tail.length, tail)) {
        out = out.slice(0, -tail.length);
        changed = true;
      }
    }
  }
  return out;
}

/** "any fever or chills" → "fever or chills": what a finding question asks about. */
function findingObject(tokens: readonly Token[], at: number): Token[] {
  let k = at;
  while (
    k < tokens.length &&
    (FINDING_VERBS.has(tokens[k]!.bare) || tokens[k]!.bare === "any" || tokens[k]!.bare === "other")
  )
    k++;
  return tokens.slice(k);
}

/**
 * The note line a doctor's yes/no question and its plain reply make ("Any fever or chills?" / "No."
 * → "Denies fever or chills."), or "" when the question is not one the rules read, or the reply is
 * not a plain yes, no or "not sure". Uncertainty is kept ("Not sure about fever.").
 */
const REFERS_BACK = new Set(["that", "it", "this", "those", "them", "these"]);

export function answeredQuestion(question: string, reply: string): string {
  const answer = replyAnswer(reply);
  if (!answer) return "";
  const q = trimQuestion(tokenize(question));
  const w = (k: number) => q[k]?.bare ?? "";
  let object: Token[] | undefined;
  let yes: string | undefined;
  let no: string | undefined;
  let lead: Token[] = [];
  if (w(0) === "any" || w(0) === "anything") object = findingObject(q, 1);
  else if ((w(0) === "is" || w(0) === "are") && w(1) === "there") object = findingObject(q, 2);
  else if ((w(0) === "do" || w(0) === "did") && w(1) === "you") {
    if (FINDING_VERBS.has(w(2))) object = findingObject(q, 2);
    else if (/^[a-z]+$/.test(w(2))) {
      yes = w(0) === "do" ? thirdPerson(w(2)) : undefined;
      no = w(0) === "do" ? "does not " + w(2) : "did not " + w(2);
      lead = q.slice(3);
    }
  } else if ((w(0) === "have" || w(0) === "has") && w(1) === "you") {
    const verb = w(2) === "ever" ? 3 : 2;
    if (FINDING_VERBS.has(w(verb))) object = findingObject(q, verb);
    else if (/^[a-z]+$/.test(w(verb))) {
      yes = "has " + w(verb);
      no = "has not " + w(verb);
      lead = q.slice(verb + 1);
    }
  } else if ((w(0) === "are" || w(0) === "were") && w(1) === "you") {
    const rest = q.slice(2);
    const still = rest[0]?.bare === "still" ? 1 : 0;
    const verb = rest[still]?.bare ?? "";
    const be = w(0) === "are" ? "" : "was ";
    if (verb === "taking" || verb === "using") {
      const base = verb === "taking" ? "take" : "use";
      yes = be ? `was ${verb}` : (still ? "still " : "") + thirdPerson(base);
      no = `${be}not ${verb}`;
      lead = rest.slice(still + 1);
    } else if (verb) {
      yes = (be + (still ? "still " : "")).trim();
      no = `${be}not`;
      lead = rest.slice(still);
    }
  } else if (
    w(0) === "does" &&
    (w(1) === "it" || w(1) === "that" || w(1) === "this") &&
    /^[a-z]+$/.test(w(2))
  ) {
    yes = `${w(1)} ${thirdPerson(w(2))}`;
    no = `${w(1)} does not ${w(2)}`;
    lead = q.slice(3);
  }
  // "Are you still taking that?" / "Yes." names nothing the note could record.
  const asked = object ?? lead;
  if (asked.length > 0 && asked.every((t) => REFERS_BACK.has(t.bare))) return "";
  let tokens: Token[];
  if (object) {
    if (object.length === 0) return "";
    const opener = answer === "yes" ? "reports" : answer === "no" ? "denies" : "not sure about";
    tokens = [...words(opener), ...object];
  } else if (lead.length > 0 || yes || no) {
    if (answer === "unsure") return "";
    const opener = answer === "yes" ? yes : no;
    if (opener === undefined) return "";
    tokens = [...(opener ? words(opener) : []), ...lead];
    // "Takes the metformin" → "Takes metformin".
    const article = opener ? opener.split(" ").length : 0;
    if (tokens[article]?.bare === "the" && answer === "yes" && /(?:takes|uses)$/.test(opener ?? ""))
      tokens = [...tokens.slice(0, article), ...tokens.slice(article + 1)];
  } else return "";
  tokens = doctorYou(tokens.filter((t) => t.bare !== "any" || answer === "yes"));
  if (
    tokens.length < MIN_WORDS ||
    hasSpeech(tokens) ||
    tokens.some((t) => t.bare === "anything" || t.bare === "something")
  )
    return "";
  return finish(tokens, question);
}
