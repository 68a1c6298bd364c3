// Labels for the learned note models, from the reference notes: a transcript sentence is note-worthy
// when some sentence of its reference note says much the same (shared content words), and it
// belongs to the section that note sentence sits under.

import { MTS_SECTION_KEYS } from "../../src/summarizers/embedded/mts-sections";
import { words } from "../../src/summarizers/embedded/normalize";
import { splitSentences, type SourceSentence } from "../../src/summarizers/embedded/parse-consultation";

/** A transcript sentence is note-worthy when its best note sentence shares at least this many content words… */
export const MIN_SHARED_WORDS = 2;
/** …and their Dice overlap 2·shared / (|transcript words| + |note words|) reaches this. */
export const MIN_DICE = 0.25;

const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between both but by " +
    "can could did do does doing don't down during each few for from further had has have having he her here hers herself him " +
    "himself his how i i'm i've i'll i'd if in into is it it's its itself just me more most my myself no nor not now of off on once " +
    "only or other our ours out over own same she should so some such than that that's the their theirs them then there these they " +
    "this those through to too under until up very was we we're we'll were what when where which while who whom why will with would " +
    "you you're your yours yeah yes okay ok um uh oh mhm hmm alright right well like know think going gonna get got go just really " +
    "um so thing things little bit lot kind sort mean say said tell let see look want need make sure good today sir ma'am mr mrs " +
    "ms dr doctor patient reports states notes report state note endorses endorse mr. one"
  ).split(" "),
);

/** Content words, plural "s" dropped, so that "reports fevers" and "fever" meet. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    out.add(w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);
  }
  return out;
}

export interface NoteSentence {
  words: Set<string>;
  /** Section key of the heading it sits under; undefined when the heading maps to none. */
  section?: string;
}

const HEADING_SECTIONS: Record<string, string | "assessment_and_plan" | "plan_or_follow_up"> = {
  "CHIEF COMPLAINT": "chief_complaint",
  CC: "chief_complaint",
  "HISTORY OF PRESENT ILLNESS": "history_of_present_illness",
  HPI: "history_of_present_illness",
  "REVIEW OF SYSTEMS": "review_of_systems",
  ROS: "review_of_systems",
  "PHYSICAL EXAM": "examination",
  "PHYSICAL EXAMINATION": "examination",
  EXAM: "examination",
  VITALS: "examination",
  "VITALS REVIEWED": "examination",
  MSK: "examination",
  RESULTS: "results",
  MEDICATIONS: "medications",
  "CURRENT MEDICATIONS": "medications",
  ALLERGIES: "allergies",
  "MEDICAL HISTORY": "past_medical_history",
  "PAST MEDICAL HISTORY": "past_medical_history",
  "PAST HISTORY": "past_medical_history",
  "SURGICAL HISTORY": "past_surgical_history",
  "PAST SURGICAL HISTORY": "past_surgical_history",
  "SOCIAL HISTORY": "family_social_history",
  "FAMILY HISTORY": "family_social_history",
  ASSESSMENT: "assessment",
  IMPRESSION: "assessment",
  PROCEDURE: "procedures",
  "ASSESSMENT AND PLAN": "assessment_and_plan",
  PLAN: "plan_or_follow_up",
  INSTRUCTIONS: "plan_or_follow_up",
};

const FOLLOW_UP =
  /\b(?:follow[- ]?up|return|come back|see (?:him|her|them|you) back|next (?:visit|appointment))\b/i;
const SUMMARY_STATEMENT = /\b\d+-year-old\b/i;
const PLAN_LABEL =
  /^(?:additional testing|medical treatment|surgical intervention|patient education|referral|patient agreements)/i;
const PLAN_VERB =
  /\b(?:will|order\w*|prescri\w*|continue|start\w*|initiat\w*|recommend\w*|schedul\w*|advis\w*|refer\w*|refill\w*|discontinu\w*|increas\w*|decreas\w*|encourag\w*)\b/i;

/**
 * Where a sentence of an ACI-Bench "ASSESSMENT AND PLAN" (or "PLAN"/"INSTRUCTIONS") belongs: its
 * bullet's label first ("Medical Reasoning" → assessment, "Medical Treatment" → plan), then
 * return visits → follow_up, then plan verbs → plan; problem titles and the summary statement are
 * the assessment.
 */
export function planSection(
  heading: "assessment_and_plan" | "plan_or_follow_up",
  label: string,
  sentence: string,
): string {
  if (heading === "assessment_and_plan") {
    if (/^medical reasoning/i.test(label)) return "assessment";
    if (SUMMARY_STATEMENT.test(sentence)) return "assessment";
  }
  if (FOLLOW_UP.test(sentence)) return "follow_up";
  if (heading === "plan_or_follow_up" || PLAN_LABEL.test(label) || PLAN_VERB.test(sentence)) return "plan";
  return "assessment";
}

/** The sentences of a full ACI-Bench note, each with the section of its heading. */
export function aciNoteSentences(reference: string): NoteSentence[] {
  const out: NoteSentence[] = [];
  let heading: string | undefined;
  for (const rawLine of reference.split("\n")) {
    const line = rawLine.trim();
    if (!line) continue;
    const asHeading = line.replace(/:$/, "");
    if (asHeading === asHeading.toUpperCase() && asHeading in HEADING_SECTIONS) {
      heading = HEADING_SECTIONS[asHeading];
      continue;
    }
    const body = line.replace(/^[•*-]\s*/, "");
    const labelled = /^([A-Za-z][A-Za-z ,/&]{0,40}):\s/.exec(body);
    const label = labelled?.[1] ?? "";
    for (const sentence of splitSentences(body)) {
      const section =
        heading === "assessment_and_plan" || heading === "plan_or_follow_up"
          ? planSection(heading, label, sentence)
          : heading;
      out.push({ words: contentWords(sentence), section });
    }
  }
  return out;
}

/** The sentences of one MTS-Dialog section text, all under that section. */
export function mtsNoteSentences(reference: string, header: string): NoteSentence[] {
  const section = MTS_SECTION_KEYS[header.toUpperCase()];
  return splitSentences(reference.replace(/\n+/g, " ")).map((sentence) => ({
    words: contentWords(sentence),
    section,
  }));
}

export interface Alignment {
  /** Content words of the transcript sentence (sentences without any are left out of training). */
  contentWordCount: number;
  noteworthy: boolean;
  /** Section of the best-matching note sentence, when note-worthy. */
  section?: string;
}

/** Each transcript sentence's best match among the note sentences, and the labels it gives. */
export function alignSentences(
  sentences: readonly SourceSentence[],
  note: readonly NoteSentence[],
): Alignment[] {
  return sentences.map((s) => {
    const own = contentWords(s.text);
    let best: NoteSentence | undefined;
    let bestShared = 0;
    let bestDice = 0;
    for (const n of note) {
      let shared = 0;
      for (const w of own) if (n.words.has(w)) shared++;
      if (shared < MIN_SHARED_WORDS) continue;
      const dice = (2 * shared) / (own.size + n.words.size);
      if (dice > bestDice) [best, bestShared, bestDice] = [n, shared, dice];
    }
    const noteworthy = best !== undefined && bestShared >= MIN_SHARED_WORDS && bestDice >= MIN_DICE;
    return { contentWordCount: own.size, noteworthy, section: noteworthy ? best?.section : undefined };
  });
}
