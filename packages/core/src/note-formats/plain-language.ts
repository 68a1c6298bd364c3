// Note lines rewritten for the patient: second person, orders as what will happen, and a small
// glossary for common abbreviations and terms. Only words change; every number, dose and medicine
// stays as the note line has it.

/** Abbreviations and terms a patient may not know → plain words (whole words, case as listed). */
export const PLAIN_GLOSSARY: ReadonlyArray<readonly [string, string]> = [
  ["BP", "blood pressure"],
  ["HTN", "high blood pressure"],
  ["hypertension", "high blood pressure"],
  ["Hypertension", "High blood pressure"],
  ["hyperlipidemia", "high cholesterol"],
  ["Hyperlipidemia", "High cholesterol"],
  ["CHF", "heart failure"],
  ["SOB", "shortness of breath"],
  ["PT", "physical therapy"],
  ["NSAIDs", "anti-inflammatory painkillers"],
  ["NSAID", "anti-inflammatory painkiller"],
  ["UTI", "urine infection"],
  ["URI", "cold"],
  ["EKG", "heart tracing"],
  ["ECG", "heart tracing"],
  ["echocardiogram", "heart ultrasound"],
  ["edema", "swelling"],
  ["distal phalanx", "end bone"],
  ["contusion", "bruise"],
  ["flexion", "bending"],
  ["to palpation of", "when pressed on"],
  ["to palpation", "when pressed"],
  ["lumbar spine", "lower back"],
  ["palpation", "pressing"],
  ["bid", "twice a day"],
  ["tid", "three times a day"],
  ["qid", "four times a day"],
  ["qhs", "at bedtime"],
  ["prn", "when needed"],
  ["PRN", "when needed"],
  ["po", "by mouth"],
  ["PO", "by mouth"],
];

// At the start of a sentence: the line's, or after a problem name ("Diabetes: …") or a full stop.
const SENTENCE_START = String.raw`(?<=^|[.:] )`;

/** Orders and subject-less history lines, as said to the patient. */
const SENTENCE_OPENERS: ReadonlyArray<readonly [string, string]> = [
  ["Prescribe ", "Take "],
  ["Order an ", "You will have an "],
  ["Order a ", "You will have a "],
  ["Order ", "You will have "],
  ["Refer the patient to ", "You will see "],
  ["Refer to ", "You will see "],
  ["Follow up ", "Come back "],
  ["Follow-up ", "Come back "],
  ["Continue current medications", "Keep taking your current medicines"],
  ["Repeat ", "We will repeat "],
  ["Schedule ", "We will schedule "],
  ["Dispense ", "You will get "],
  ["She's here", "You're here"],
  ["He's here", "You're here"],
  ["Recommend ", "We recommend "],
  ["Has been ", "You have been "],
  ["Been ", "You have been "],
  ["Has ", "You have "],
  ["Had ", "You had "],
  ["Was ", "You were "],
  ["Is ", "You are "],
  ["Reports ", "You told us "],
  ["Denies ", "You said you have no "],
  ["Endorses ", "You mentioned "],
  ["Took ", "You took "],
  ["Takes ", "You take "],
  ["Uses ", "You use "],
  ["Allergic to ", "You are allergic to "],
  ["Felt ", "You felt "],
];

/** "the patient" with a verb, in the second person. */
const PATIENT_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["the patient's", "your"],
  ["the patient has", "you have"],
  ["the patient is", "you are"],
  ["the patient was", "you were"],
  ["the patient does", "you do"],
  ["the clinician", "your clinician"],
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Orders inside a sentence ("If the symptoms go on, order an MRI."). */
const CLAUSE_ORDERS: ReadonlyArray<readonly [string, string]> = [
  ["prescribe ", "take "],
  ["order an ", "you will have an "],
  ["order a ", "you will have a "],
  ["order ", "you will have "],
  ["refer to ", "you will see "],
  ["follow up ", "come back "],
];

interface Rewrite {
  pattern: RegExp;
  replacement: string;
}

const REWRITES: readonly Rewrite[] = [
  ...SENTENCE_OPENERS.map(([from, to]) => ({
    pattern: new RegExp(SENTENCE_START + escape(from), "g"),
    replacement: to,
  })),
  ...CLAUSE_ORDERS.map(([from, to]) => ({
    pattern: new RegExp(`(?<=, )${escape(from)}`, "g"),
    replacement: to,
  })),
  ...PATIENT_PHRASES.flatMap(([from, to]) => [
    { pattern: new RegExp(String.raw`\b${escape(from)}\b`, "g"), replacement: to },
    { pattern: new RegExp(String.raw`\b${escape(capitalized(from))}\b`, "g"), replacement: capitalized(to) },
  ]),
  ...PLAIN_GLOSSARY.map(([term, plain]) => ({
    pattern: new RegExp(String.raw`\b${escape(term)}\b`, "g"),
    replacement: plain,
  })),
];

// Adverbs and the like that end in "s" but are no verb after "the patient".
const NOT_VERBS = new Set(["always", "perhaps", "sometimes", "thus", "also", "has", "is", "was", "does"]);

/** A third-person verb in the second person: "reports" → "report", "denies" → "deny", "goes" → "go". */
function secondPersonVerb(verb: string): string {
  if (NOT_VERBS.has(verb.toLowerCase()) || !verb.endsWith("s") || verb.endsWith("ss")) return verb;
  if (verb.endsWith("ies")) return `${verb.slice(0, -3)}y`;
  if (/(?:o|sh|ch|x)es$/.test(verb)) return verb.slice(0, -2);
  return verb.slice(0, -1);
}

// "You probably has": an adverb between "the patient" and its verb.
const YOU_HAS = /\b([Yy]ou(?: \w+,?)?) has\b/g;

function patientAsYou(line: string): string {
  return line
    .replace(
      /\b(t|T)he patient (\w+)/g,
      (_whole, t: string, word: string) => `${t === "T" ? "You" : "you"} ${secondPersonVerb(word)}`,
    )
    .replace(/\b(t|T)he patient\b/g, (_whole, t: string) => (t === "T" ? "You" : "you"))
    .replace(YOU_HAS, "$1 have");
}

/** One note line in plain language addressed to the patient. */
export function toPlainLanguage(line: string): string {
  const rewritten = REWRITES.reduce(
    (text, { pattern, replacement }) => text.replace(pattern, replacement),
    line,
  );
  return capitalized(patientAsYou(rewritten));
}
