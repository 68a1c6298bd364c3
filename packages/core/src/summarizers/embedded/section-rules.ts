// Per-section cue words/patterns, aliases and length budgets.

import type { SummarySection } from "../types";
import type { Speaker } from "./parse-consultation";

export type Phase = "history" | "exam" | "results" | "plan";

export interface SectionRule {
  key: string;
  /** Lower-cased alternative keys/headings that resolve to this rule. */
  aliases: string[];
  /** Weighted patterns matched against the lower-cased sentence. */
  cues: Array<[RegExp, number]>;
  /** Affinity added by speaker. */
  speaker: Partial<Record<Speaker, number>>;
  /** Affinity added when the sentence falls in this consultation phase. */
  phase: Partial<Record<Phase, number>>;
  /** Preferred relative position in the dialogue (0 start, 1 end) and weight of that preference. */
  position?: { at: number; weight: number };
  /** Multi-section mode: max sentences and words. */
  maxSentences: number;
  maxWords: number;
  /** Single-section mode (MTS-style): target words. */
  singleWords: number;
  /** Single-section mode: typical reference length as a fraction of the dialogue's words. */
  singleRatio: number;
  /** Pull in the answer following a matching doctor question (e.g. "Any allergies?" → "Penicillin."). */
  answerContext: number;
}

const DRUG_SUFFIX =
  /\b[a-z]{3,}(?:pril|sartan|olol|statin|dipine|formin|gliptin|gliflozin|glutide|prazole|tidine|cillin|mycin|floxacin|cycline|azole|vir|mab|nib|tinib|pam|lam|zepam|olam|oxetine|aline|pramine|triptan|profen|oxacin|sone|olone|asone|ide|afil|parin|xaban|gatran|thiazide|tropium|terol|umab|azine|etine|lukast|pine|done|codone|morphone)\b/;
const DRUG_NAMES =
  /\b(aspirin|tylenol|acetaminophen|ibuprofen|advil|motrin|aleve|naproxen|insulin|metformin|lisinopril|lasix|coumadin|warfarin|eliquis|xarelto|plavix|prednisone|synthroid|levothyroxine|albuterol|inhaler|benadryl|zyrtec|claritin|flonase|vitamin|supplement|antibiotics?|steroids?|birth control|tramadol|norco|oxycodone|morphine|gabapentin|lipitor|zoloft|prozac|lexapro|xanax|ativan|ambien|zofran|protonix|nexium|prilosec|tums|mylanta|miralax|colace|flomax|cialis|viagra|depo-?medrol|cortisone|neurontin|lyrica|mobic|meloxicam|celebrex|flexeril|robaxin|keflex|augmentin|amoxicillin|penicillin|cipro|bactrim|doxycycline|azithromycin|zithromax|medrol)\b/;
const DOSE =
  /\b\d+(?:\.\d+)?\s?(?:mg|mcg|milligrams?|micrograms?|units?|ml|cc|grams?|puffs?)\b|\b(?:once|twice|three times|four times) (?:a|per) day\b|\b(?:daily|nightly|b\.?i\.?d|t\.?i\.?d|q\.?d|p\.?r\.?n|as needed)\b/;
const DURATION =
  /\b(?:for|past|last|over) (?:the )?(?:past |last )?(?:a |an |one |two |three |four |five |six |seven |eight |nine |ten |few |couple (?:of )?|several |\d+ )?(?:days?|weeks?|months?|years?|hours?|nights?)\b|\b(?:days?|weeks?|months?|years?|hours?) ago\b|\bsince\b|\bstarted\b|\bbegan\b|\bonset\b/;
const SYMPTOM =
  /\b(pain|pains|painful|ache|aches|aching|hurts?|hurting|sore|soreness|swelling|swollen|lump|mass|rash|itch(?:y|ing)?|fever|fevers|chills|cough(?:ing)?|short(?:ness)? of breath|breathless|wheez\w*|nausea|nauseous|vomit\w*|diarrh\w*|constipat\w*|bleed\w*|blood|dizz\w*|lightheaded\w*|headaches?|migraines?|numb\w*|tingl\w*|weak\w*|tired|fatigue\w*|cramp\w*|stiff\w*|burning|discharge|palpitations?|anxiety|anxious|depress\w*|insomnia|sleep\w*|fell|falls|falling|injur\w*|pop(?:ped)?|tender\w*|bruis\w*|infection|urinat\w*|incontinen\w*|worse|worsening|better|improv\w*|tremor|seizures?|faint\w*|syncope|congestion|sinus|weight)\b/;
const CONDITION =
  /\b(diabet\w*|hypertension|high blood pressure|blood pressure|cholesterol|asthma|copd|emphysema|heart (?:failure|disease|attack)|congestive|atrial fibrillation|afib|stroke|cancer|tumou?r|arthritis|osteo\w*|thyroid|hypothyroid\w*|kidney|renal|liver|hepatitis|hiv|depression|anxiety|ulcer|reflux|gerd|migraine|epilep\w*|seizure|pneumonia|bronchitis|infection|anemia|lupus|gout|sleep apnea|obes\w*|dementia|alzheimer\w*|parkinson\w*|neuropathy|sclerosis|fibromyalgia|disease|disorder|syndrome|condition)\b/;

const SURGERY =
  /\b(surger(?:y|ies)|surgical|operat(?:ion|ed)|\w+ectomy|\w+otomy|\w+ostomy|\w+plasty|\w+scopy|\w+pexy|repair(?:ed)?|replacement|removed|taken out|bypass|stent|pacemaker|c-section|cesarean|transplant|amputat\w*|fusion|biopsy|procedure)\b/;
const FAMILY =
  /\b(mother|father|mom|dad|brother|sister|sibling|grand(?:mother|father|ma|pa|parents?)|aunt|uncle|cousin|parents?|family|runs in|hereditary|genetic)\b/;
const SOCIAL =
  /\b(smok\w*|cigarettes?|tobacco|vap\w*|chew|alcohol\w*|drink\w*|beer|wine|liquor|drugs?|marijuana|cocaine|heroin|recreational|married|marriage|divorced|widow\w*|single|husband|wife|partner|boyfriend|girlfriend|children|kids|sons?|daughters?|lives? (?:with|alone|in)|living|work\w*|job|employ\w*|retired|occupation|school|college|student|exercis\w*|diet|sexually|packs?)\b/;
const ALLERGY =
  /\b(allerg\w*|reactions?|hives|anaphyla\w*|nkda|penicillin|sulfa|latex|codeine|intoleran\w*)\b/;
const EXAM =
  /\b(exam\w*|on (?:physical )?exam|appreciate|palpat\w*|auscultat\w*|tender\w*|range of motion|reflexes|strength|sensation|pulses?|murmurs?|gallops?|rubs?|crackles|rales|rhonchi|wheez\w*|edema|erythema|effusion|swelling|bruising|lungs? (?:are|sound)|clear to|heart (?:is|sounds)|regular rate|abdomen|soft|non-?tender|distended|bowel sounds|neck|supple|lymph nodes?|vitals?|temperature|heart rate|pulse|oxygen|saturation|blood pressure (?:is|was|today)|bmi|weight (?:is|today)|looks? (?:good|normal|fine|great|red|swollen)|normal|bilateral\w*|positive|negative|mild|moderate|severe|left|right|lateral|medial|anterior|posterior|flexion|extension|gait|alert|oriented)\b/;
const RESULTS =
  /\b(x-?rays?|xray|imaging|mri|ct|cat scan|scan|ultrasound|echo\w*|ekg|ecg|eeg|labs?|lab work|blood (?:work|test\w*)|results?|showed|shows|revealed|reveals|demonstrat\w*|came back|levels?|a1c|hba1c|hemoglobin|glucose|sugar|cholesterol|lipid|potassium|sodium|creatinine|white (?:blood )?count|platelets?|urinalysis|culture|biopsy|pathology|mammogram|colonoscopy|stress test|ejection fraction|fracture|within normal limits|elevated|low|high)\b/;
const ASSESSMENT =
  /\b(i think|i believe|i suspect|it sounds like|it looks like|it seems|consistent with|likely|probably|possibl\w*|diagnos\w*|impression|assessment|you have|you've got|suffering from|due to|secondary to|caused by|related to|because of|strain|sprain|fracture|tear|syndrome|infection|-itis\b|\w+itis|stable|controlled|uncontrolled|worsening|improving|exacerbation|flare)\b/;
const PLAN =
  /\b(we will|we'll|we are going to|we're going to|i will|i'll|i'm going to|i am going to|i want (?:you|to)|i'd like|i would like|let's|we should|you should|you need|recommend\w*|prescrib\w*|order\w*|start(?:ing)? (?:you|on)|continue|increase|decrease|reduce|stop|discontinue|adjust|refer\w*|schedul\w*|physical therapy|therapy|injection|surgery|medication|dose|ice|rest|elevat\w*|brace|splint|avoid|diet|exercise|monitor|check|test\w*|get (?:a|an|some)|send)\b/;
const FOLLOW_UP =
  /\b(follow[- ]?up|review in|come back|coming back|see you (?:again|back|in|next)|return\w*|in (?:a |one |two |three |four |six |\d+ |a few |a couple (?:of )?)?(?:days?|weeks?|months?|year)|next (?:visit|appointment|week|month)|appointment|recheck|call (?:me|us|the office)|if (?:it|things|symptoms|you) (?:get|gets|worsen|don't|do not)|emergency|go home|going home|discharg\w*|released)\b/;
const ROS =
  /\b(fevers?|chills|night sweats|weight (?:loss|gain)|headaches?|vision|chest pain|palpitations|short(?:ness)? of breath|cough|nausea|vomiting|diarrh\w*|constipation|abdominal pain|dysuria|urinary|blood in|rash|numbness|tingling|weakness|dizziness|joint pain|muscle|depress\w*|anxiety|sleep|appetite|fatigue|denies|no (?:fever|chills|pain|nausea)|any other symptoms)\b/;
const NEGATION =
  /\b(no|not|denies|denied|never|none|neither|nor|don't|doesn't|didn't|haven't|hasn't|without)\b/;
const IMMUNIZATION =
  /\b(vaccin\w*|immuniz\w*|shots?|flu shot|tetanus|booster|covid|pneumonia shot|hepatitis|mmr|up to date)\b/;
const GYN =
  /\b(period|periods|menstrua\w*|menopaus\w*|pregnan\w*|pap|gyn\w*|contracepti\w*|birth control|miscarriage|deliver\w*|cesarean|c-section|uterus|ovar\w*|mammogram|breast)\b/;

export const PATTERNS = {
  DRUG_SUFFIX,
  DRUG_NAMES,
  DOSE,
  DURATION,
  SYMPTOM,
  CONDITION,
  NEGATION,
  RESULTS,
  ALLERGY,
};

const RULES: SectionRule[] = [
  {
    key: "chief_complaint",
    aliases: [
      "cc",
      "chief complaint",
      "presenting complaint",
      "reason for visit",
      "reason for consultation",
      "complaint",
    ],
    cues: [
      [
        /\b(brings? you|here (?:for|because|today)|came in|come in|coming in|presents?|presenting|complain\w*|concern\w*|problem|issue|trouble|referred)\b/,
        1.5,
      ],
      [SYMPTOM, 1.2],
      [CONDITION, 0.6],
      [DURATION, 0.4],
    ],
    speaker: { patient: 0.8, family: 0.5, doctor: 0.2 },
    phase: { history: 0.5 },
    position: { at: 0, weight: 1.5 },
    maxSentences: 1,
    maxWords: 30,
    singleWords: 10,
    singleRatio: 0.08,
    answerContext: 0,
  },
  {
    key: "history_of_present_illness",
    aliases: [
      "hpi",
      "history of present illness",
      "present illness",
      "history",
      "genhx",
      "subjective",
      "interval history",
      "presenting complaint history",
    ],
    cues: [
      [SYMPTOM, 1.2],
      [DURATION, 1.2],
      [
        /\b(\d+|\w+ty(?:[- ]\w+)?|ten|eleven|twelve|\w+teen)[- ]years?[- ]old\b|\bi'm \d+\b|\bi am \w+(?: \w+)? years\b/,
        1.2,
      ],
      [
        /\b(i have|i've|i had|i was|i am|i'm|i feel|i felt|i noticed|i get|i got|it's|it is|it was|it started|it gets|he has|she has|he's|she's|he was|she was)\b/,
        0.6,
      ],
      [/\b(presents?|history of|follow[- ]?up for|here for|here today|brings you)\b/, 0.8],
      [CONDITION, 0.5],
    ],
    speaker: { patient: 0.9, family: 0.7, doctor: 0.1, narrative: 0.3 },
    phase: { history: 0.8 },
    position: { at: 0.2, weight: 0.8 },
    maxSentences: 8,
    maxWords: 170,
    singleWords: 85,
    singleRatio: 0.45,
    answerContext: 0.4,
  },
  {
    key: "past_medical_history",
    aliases: ["pmh", "past medical history", "medical history", "pastmedicalhx", "past history", "medical"],
    cues: [
      [
        /\b(history of|medical history|diagnosed|been told|in the past|years ago|chronic|hospitali[sz]\w*|admitted)\b/,
        1.3,
      ],
      [CONDITION, 1.4],
    ],
    speaker: { patient: 0.6, family: 0.6, doctor: 0.3 },
    phase: { history: 0.5 },
    maxSentences: 3,
    maxWords: 60,
    singleWords: 14,
    singleRatio: 0.2,
    answerContext: 1,
  },
  {
    key: "past_surgical_history",
    aliases: ["psh", "past surgical history", "surgical history", "pastsurgical", "surgeries", "surgical"],
    cues: [[SURGERY, 2]],
    speaker: { patient: 0.5, family: 0.5, doctor: 0.3 },
    phase: { history: 0.5 },
    maxSentences: 2,
    maxWords: 40,
    singleWords: 10,
    singleRatio: 0.15,
    answerContext: 1,
  },
  {
    key: "family_social_history",
    aliases: [
      "fam/sochx",
      "family history",
      "social history",
      "family and social history",
      "family/social history",
      "fh",
      "sh",
      "social",
      "family",
    ],
    cues: [
      [FAMILY, 1.5],
      [SOCIAL, 1.5],
    ],
    speaker: { patient: 0.6, family: 0.6, doctor: 0.2 },
    phase: { history: 0.4 },
    maxSentences: 3,
    maxWords: 60,
    singleWords: 18,
    singleRatio: 0.25,
    answerContext: 1,
  },
  {
    key: "medications",
    aliases: [
      "meds",
      "medications",
      "current medications",
      "medication",
      "drugs",
      "medication history",
      "prescriptions",
    ],
    cues: [
      [DRUG_SUFFIX, 1.3],
      [DRUG_NAMES, 1.6],
      [DOSE, 1.6],
      [/\b(medications?|medicines?|meds|taking|take|pills?|tablets?|prescri\w*|over the counter|otc)\b/, 1],
    ],
    speaker: { patient: 0.5, family: 0.4, doctor: 0.3 },
    phase: { history: 0.4 },
    maxSentences: 3,
    maxWords: 50,
    singleWords: 10,
    singleRatio: 0.14,
    answerContext: 1,
  },
  {
    key: "allergies",
    aliases: ["allergy", "allergies", "drug allergies", "nkda"],
    cues: [[ALLERGY, 2.5]],
    speaker: { patient: 0.5, family: 0.5, doctor: 0.2 },
    phase: {},
    maxSentences: 1,
    maxWords: 25,
    singleWords: 6,
    singleRatio: 0.15,
    answerContext: 1.5,
  },
  {
    key: "review_of_systems",
    aliases: ["ros", "review of systems", "systems review", "systems"],
    cues: [
      [ROS, 1.4],
      [NEGATION, 0.6],
      [SYMPTOM, 0.5],
    ],
    speaker: { patient: 0.6, family: 0.5, doctor: 0.2 },
    phase: { history: 0.4 },
    maxSentences: 3,
    maxWords: 60,
    singleWords: 25,
    singleRatio: 0.35,
    answerContext: 1,
  },
  {
    key: "examination",
    aliases: [
      "exam",
      "examination",
      "physical exam",
      "physical examination",
      "objective",
      "findings",
      "pe",
      "clinical examination",
      "vitals",
      "vital signs",
    ],
    cues: [[EXAM, 1]],
    speaker: { doctor: 0.9, clinician: 0.7 },
    phase: { exam: 2, results: 0.3 },
    maxSentences: 5,
    maxWords: 100,
    singleWords: 18,
    singleRatio: 0.24,
    answerContext: 0,
  },
  {
    key: "results",
    aliases: [
      "results",
      "labs",
      "lab results",
      "imaging",
      "investigations",
      "tests",
      "test results",
      "data",
      "diagnostics",
    ],
    cues: [[RESULTS, 1.3]],
    speaker: { doctor: 0.8, clinician: 0.6 },
    phase: { results: 2, exam: 0.3 },
    maxSentences: 3,
    maxWords: 70,
    singleWords: 16,
    singleRatio: 0.3,
    answerContext: 0,
  },
  {
    key: "assessment",
    aliases: [
      "assessment",
      "impression",
      "diagnosis",
      "diagnoses",
      "assessment and plan",
      "a/p",
      "differential",
      "problem list",
    ],
    cues: [
      [ASSESSMENT, 1.3],
      [CONDITION, 0.7],
    ],
    speaker: { doctor: 1, clinician: 0.7 },
    phase: { plan: 1.4, results: 0.4 },
    position: { at: 0.8, weight: 0.8 },
    maxSentences: 4,
    maxWords: 90,
    singleWords: 14,
    singleRatio: 0.15,
    answerContext: 0,
  },
  {
    key: "plan",
    aliases: [
      "plan",
      "treatment",
      "management",
      "treatment plan",
      "recommendations",
      "next steps",
      "instructions",
    ],
    cues: [
      [PLAN, 1.2],
      [DRUG_NAMES, 0.6],
      [DOSE, 0.6],
    ],
    speaker: { doctor: 1.1, clinician: 0.7 },
    phase: { plan: 1.5 },
    position: { at: 0.9, weight: 1 },
    maxSentences: 9,
    maxWords: 200,
    singleWords: 20,
    singleRatio: 0.18,
    answerContext: 0,
  },
  {
    key: "follow_up",
    aliases: [
      "follow-up",
      "follow up",
      "followup",
      "disposition",
      "safety netting",
      "return precautions",
      "next appointment",
    ],
    cues: [[FOLLOW_UP, 2.2]],
    speaker: { doctor: 1, clinician: 0.7 },
    phase: { plan: 0.8 },
    position: { at: 1, weight: 1 },
    maxSentences: 2,
    maxWords: 45,
    singleWords: 10,
    singleRatio: 0.15,
    answerContext: 0,
  },
  {
    key: "immunizations",
    aliases: ["immunizations", "immunisations", "vaccinations", "vaccines", "immunization history"],
    cues: [[IMMUNIZATION, 2.2]],
    speaker: { patient: 0.5, family: 0.5, doctor: 0.3 },
    phase: {},
    maxSentences: 2,
    maxWords: 30,
    singleWords: 8,
    singleRatio: 0.06,
    answerContext: 1,
  },
  {
    key: "gynecologic_history",
    aliases: [
      "gynhx",
      "gynecologic history",
      "gynaecological history",
      "obstetric history",
      "ob/gyn history",
      "menstrual history",
    ],
    cues: [[GYN, 2]],
    speaker: { patient: 0.6, family: 0.4, doctor: 0.3 },
    phase: { history: 0.3 },
    maxSentences: 3,
    maxWords: 50,
    singleWords: 14,
    singleRatio: 0.12,
    answerContext: 1,
  },
  {
    key: "procedures",
    aliases: ["procedures", "procedure", "operations"],
    cues: [[SURGERY, 2]],
    speaker: { doctor: 0.6, patient: 0.4 },
    phase: {},
    maxSentences: 2,
    maxWords: 40,
    singleWords: 8,
    singleRatio: 0.07,
    answerContext: 1,
  },
  {
    key: "ed_course",
    aliases: ["edcourse", "ed course", "emergency department course", "hospital course", "course"],
    cues: [
      [PLAN, 0.8],
      [RESULTS, 0.8],
      [/\b(gave|given|received|administered|improved|responded|admitted|emergency|er|ed)\b/, 1.2],
    ],
    speaker: { doctor: 0.8, clinician: 0.6, patient: 0.3 },
    phase: { plan: 0.5, results: 0.5 },
    maxSentences: 4,
    maxWords: 80,
    singleWords: 28,
    singleRatio: 0.5,
    answerContext: 0,
  },
  {
    key: "other_history",
    aliases: ["other_history", "other history", "other"],
    cues: [
      [FAMILY, 1],
      [SOCIAL, 1],
      [CONDITION, 0.8],
    ],
    speaker: { patient: 0.6, family: 0.5 },
    phase: { history: 0.3 },
    maxSentences: 3,
    maxWords: 50,
    singleWords: 12,
    singleRatio: 0.18,
    answerContext: 1,
  },
];

const BY_ALIAS = new Map<string, SectionRule>();
for (const rule of RULES) {
  BY_ALIAS.set(rule.key, rule);
  for (const alias of rule.aliases) BY_ALIAS.set(normaliseKey(alias), rule);
}

function normaliseKey(text: string): string {
  return text.toLowerCase().replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
}

/** Per rule, a word-bounded pattern for each alias of 3+ characters and its score (words + 1). */
const ALIAS_PATTERNS = RULES.map((rule) => ({
  rule,
  aliases: [rule.key.replace(/_/g, " "), ...rule.aliases]
    .map(normaliseKey)
    .filter((alias) => alias.length >= 3)
    .map((alias) => ({
      pattern: new RegExp(`\\b${alias.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\b`),
      score: alias.split(" ").length + 1,
    })),
}));

export function ruleForKey(key: string): SectionRule | undefined {
  return BY_ALIAS.get(key) ?? BY_ALIAS.get(normaliseKey(key));
}

/** Resolves a requested section to a rule: by key, alias, then by words of its title/description. */
export function resolveRule(section: SummarySection): SectionRule {
  const direct = ruleForKey(section.key) ?? ruleForKey(section.title);
  if (direct) return direct;
  const text = normaliseKey(`${section.key} ${section.title} ${section.description ?? ""}`);
  let best: SectionRule | undefined;
  let bestScore = 0;
  for (const { rule, aliases } of ALIAS_PATTERNS) {
    let score = 0;
    for (const alias of aliases) if (alias.pattern.test(text)) score += alias.score;
    if (score > bestScore) {
      bestScore = score;
      best = rule;
    }
  }
  if (best) return best;
  // Unknown section: build a rule from its own words.
  const titleWords = (text.match(/[a-z]{4,}/g) ?? []).filter((w) => !GENERIC_WORDS.has(w));
  const cue: Array<[RegExp, number]> = titleWords.length
    ? [
        [
          new RegExp(`\\b(?:${titleWords.map((w) => w.slice(0, Math.max(4, w.length - 2))).join("|")})\\w*`),
          2,
        ],
      ]
    : [];
  return {
    key: section.key,
    aliases: [],
    cues: cue,
    speaker: { patient: 0.3, doctor: 0.3 },
    phase: {},
    maxSentences: 3,
    maxWords: 60,
    singleWords: 20,
    singleRatio: 0.2,
    answerContext: 0.5,
  };
}

const GENERIC_WORDS = new Set([
  "section",
  "summary",
  "about",
  "include",
  "includes",
  "including",
  "with",
  "from",
  "that",
  "this",
  "what",
  "patient",
  "patients",
  "note",
  "notes",
  "relevant",
  "details",
  "information",
  "other",
  "brief",
  "list",
  "any",
]);

export const SECTION_RULES: readonly SectionRule[] = RULES;
