// Words the fact check looks out for. Kept small and explainable: each list is what a clinician
// checks first in a note (doses, sides, medicines, diagnoses, symptoms, allergies), not a vocabulary.

// prettier-ignore
export const NEGATION_CUES: ReadonlySet<string> = new Set([
  "no", "not", "denies", "denied", "deny", "denying", "without", "never", "none", "nor", "negative",
  "absent", "free",
]);

/** "don't", "isn't"…: the tokenizer leaves the auxiliary and a lone "t". */
// prettier-ignore
export const NEGATED_AUXILIARIES: ReadonlySet<string> = new Set([
  "don", "doesn", "didn", "isn", "wasn", "aren", "weren", "haven", "hasn", "hadn", "won", "wouldn", "can",
  "couldn", "shouldn", "ain",
]);

/** Words that end a negation's reach inside a clause: "no fever but some chills". */
// prettier-ignore
export const SCOPE_ENDS: ReadonlySet<string> = new Set([
  "but", "however", "although", "though", "except", "aside", "apart", "yet", "still", "which", "who",
  "reports", "reported", "endorses", "has", "had", "complains", "notes", "states", "says",
]);

/** How many words after a cue it reaches at most ("denies fever, chills, nausea or vomiting"). */
export const NEGATION_REACH = 10;

// prettier-ignore
export const NO_ANSWERS: ReadonlySet<string> = new Set(["no", "nope", "nah", "negative", "never", "none"]);
// prettier-ignore
export const YES_ANSWERS: ReadonlySet<string> = new Set([
  "yes", "yeah", "yep", "yup", "sure", "correct", "right", "definitely", "absolutely", "mhm", "uh",
]);

/** First words of a question when speech has no question mark: "do you have any fever". */
// prettier-ignore
export const QUESTION_OPENERS: ReadonlySet<string> = new Set([
  "do", "does", "did", "are", "is", "was", "were", "have", "has", "had", "can", "could", "would", "will",
  "any", "how", "what", "when", "where", "why", "which", "who",
]);
// prettier-ignore
export const SECOND_PERSON: ReadonlySet<string> = new Set(["you", "your", "yours", "yourself"]);

// prettier-ignore
export const SIDES: ReadonlyMap<string, string> = new Map([
  ["left", "left"], ["right", "right"], ["bilateral", "both"], ["bilaterally", "both"], ["both", "both"],
]);

// Symptoms and findings whose presence or absence a note records ("denies chest pain"): the terms a
// negation flip is checked on. Stemmed before use.
// prettier-ignore
export const FINDINGS: readonly string[] = [
  "pain", "ache", "aches", "fever", "fevers", "chills", "cough", "coughing", "nausea", "vomiting", "diarrhea",
  "constipation", "headache", "headaches", "dizziness", "dizzy", "lightheadedness", "lightheaded", "fatigue",
  "tired", "weakness", "numbness", "tingling", "swelling", "rash", "itching", "bleeding", "blood", "bruising",
  "palpitations", "wheezing", "breath", "breathing", "sweats", "sweating", "weight", "appetite", "sleep",
  "anxiety", "depression", "confusion", "seizure", "seizures", "syncope", "fainting", "dysuria", "urgency",
  "frequency", "incontinence", "discharge", "congestion", "sore", "throat", "stiffness", "cramping",
  "cramps", "heartburn", "reflux", "edema", "murmur", "tenderness", "redness", "warmth", "injury", "falls",
  "fall", "smoke", "smoking", "smoker", "alcohol", "drink", "drinking", "drugs", "allergies", "allergy",
  "chest", "abdominal", "back", "knee", "hip", "shoulder", "neck", "vision", "hearing",
];

// Diagnoses a note names. Not a coding system: common conditions, plus the endings that mark one.
// prettier-ignore
export const DIAGNOSES: readonly string[] = [
  "hypertension", "hypotension", "diabetes", "diabetic", "asthma", "copd", "pneumonia", "bronchitis",
  "depression", "anxiety", "hyperlipidemia", "hypercholesterolemia", "cholesterol", "obesity", "cancer",
  "carcinoma", "tumor", "stroke", "infarction", "angina", "fibrillation", "flutter", "failure", "chf", "cad",
  "gerd", "ulcer", "hypothyroidism", "hyperthyroidism", "osteoporosis", "anemia", "migraine", "epilepsy",
  "dementia", "covid", "influenza", "flu", "sepsis", "fracture", "sprain", "strain", "gout", "lupus",
  "psoriasis", "eczema", "ckd", "afib", "dvt", "embolism", "uti", "ptsd", "adhd", "insomnia", "apnea",
  "cellulitis", "concussion", "hernia", "kidney", "stones", "lyme",
];
export const DIAGNOSIS_ENDINGS: readonly string[] = [
  "itis",
  "osis",
  "emia",
  "oma",
  "pathy",
  "algia",
  "plasia",
];

// Medicines: common names, and the stems that mark a drug class ("-pril", "-statin"…).
// prettier-ignore
export const MEDICINES: readonly string[] = [
  "aspirin", "metformin", "insulin", "warfarin", "coumadin", "heparin", "tylenol", "acetaminophen",
  "ibuprofen", "advil", "motrin", "naproxen", "aleve", "prednisone", "albuterol", "amoxicillin",
  "augmentin", "azithromycin", "zithromax", "doxycycline", "ciprofloxacin", "levothyroxine", "synthroid",
  "lasix", "furosemide", "hydrochlorothiazide", "gabapentin", "tramadol", "oxycodone", "morphine",
  "hydrocodone", "norco", "percocet", "sertraline", "zoloft", "fluoxetine", "prozac", "lexapro",
  "escitalopram", "citalopram", "bupropion", "wellbutrin", "trazodone", "xanax", "alprazolam", "ativan",
  "lorazepam", "clonazepam", "klonopin", "zolpidem", "ambien", "omeprazole", "prilosec", "pantoprazole",
  "protonix", "famotidine", "pepcid", "plavix", "clopidogrel", "eliquis", "apixaban", "xarelto",
  "rivaroxaban", "digoxin", "amiodarone", "nitroglycerin", "allopurinol", "colchicine", "methotrexate",
  "humira", "ozempic", "jardiance", "farxiga", "januvia", "glipizide", "glyburide", "lantus", "humalog",
  "novolog", "flonase", "claritin", "zyrtec", "benadryl", "singulair", "montelukast", "spiriva",
  "symbicort", "advair", "epipen", "epinephrine", "penicillin", "sulfa", "keflex", "cephalexin",
  "bactrim", "flagyl", "metronidazole", "valtrex", "tamiflu", "meloxicam", "mobic", "celebrex", "flexeril",
  "cyclobenzaprine", "zofran", "ondansetron", "imitrex", "sumatriptan", "topamax", "topiramate",
  "lamictal", "keppra", "depakote", "lithium", "seroquel", "abilify", "adderall", "ritalin", "vitamin",
  "iron", "potassium", "magnesium", "calcium", "steroid", "steroids", "antibiotic", "antibiotics",
];
// prettier-ignore
export const MEDICINE_ENDINGS: readonly string[] = [
  "pril", "sartan", "olol", "statin", "dipine", "formin", "gliptin", "gliflozin", "glutide", "parin",
  "xaban", "semide", "thiazide", "triptan", "afil", "oxetine", "pramine", "azepam", "zolam", "codone",
  "profen", "cillin", "mycin", "floxacin", "cycline", "azole", "prazole", "tidine", "lukast", "terol",
  "tropium", "mab", "tinib", "vir", "sone", "olone", "setron", "pine", "zosin", "dronate",
];

// Frequencies → one canonical form ("twice a day", "bid", "b.i.d." → "2/day"). Phrases are word
// sequences as the tokenizer gives them; "N times a day" and "every N hours" are read separately.
// prettier-ignore
export const FREQUENCIES: ReadonlyArray<readonly [string, string]> = [
  ["once a day", "1/day"], ["once daily", "1/day"], ["daily", "1/day"], ["every day", "1/day"],
  ["each day", "1/day"], ["once per day", "1/day"], ["qd", "1/day"], ["every morning", "1/day"],
  ["twice a day", "2/day"], ["twice daily", "2/day"], ["bid", "2/day"], ["b i d", "2/day"],
  ["twice per day", "2/day"], ["tid", "3/day"], ["t i d", "3/day"], ["qid", "4/day"], ["q i d", "4/day"],
  ["at night", "night"], ["at bedtime", "night"], ["nightly", "night"], ["qhs", "night"],
  ["every night", "night"], ["before bed", "night"],
  ["weekly", "1/week"], ["once a week", "1/week"], ["every week", "1/week"], ["twice a week", "2/week"],
  ["monthly", "1/month"], ["once a month", "1/month"], ["every month", "1/month"],
  ["as needed", "prn"], ["prn", "prn"], ["when needed", "prn"],
];

// Dose units → canonical unit.
// prettier-ignore
export const UNITS: ReadonlyMap<string, string> = new Map([
  ["mg", "mg"], ["milligram", "mg"], ["milligrams", "mg"], ["mcg", "mcg"], ["microgram", "mcg"],
  ["micrograms", "mcg"], ["ug", "mcg"], ["g", "g"], ["gram", "g"], ["grams", "g"], ["ml", "ml"],
  ["milliliter", "ml"], ["milliliters", "ml"], ["cc", "ml"], ["units", "unit"], ["unit", "unit"],
  ["iu", "unit"], ["mmhg", "mmhg"], ["percent", "%"], ["kg", "kg"], ["kilograms", "kg"], ["lb", "lb"],
  ["lbs", "lb"], ["pounds", "lb"],
]);
