// MTS-Dialog section headers (Ben Abacha et al., EACL 2023) mapped to the app's section keys.

import type { SummarySection } from "../types";

/** MTS-Dialog normalised section header → section key understood by the embedded provider (and prompt v1). */
export const MTS_SECTION_KEYS: Readonly<Record<string, string>> = {
  GENHX: "history_of_present_illness",
  CC: "chief_complaint",
  "FAM/SOCHX": "family_social_history",
  PASTMEDICALHX: "past_medical_history",
  PASTSURGICAL: "past_surgical_history",
  ALLERGY: "allergies",
  ROS: "review_of_systems",
  MEDICATIONS: "medications",
  ASSESSMENT: "assessment",
  DIAGNOSIS: "assessment",
  EXAM: "examination",
  PLAN: "plan",
  DISPOSITION: "follow_up",
  IMAGING: "results",
  LABS: "results",
  // Not in prompt v1's list; the embedded provider has rules for these keys too.
  IMMUNIZATIONS: "immunizations",
  GYNHX: "gynecologic_history",
  PROCEDURES: "procedures",
  EDCOURSE: "ed_course",
  OTHER_HISTORY: "other_history",
};

/** Titles for every key used above (the prompt v1 titles for its own keys). */
export const SECTION_TITLES: Readonly<Record<string, string>> = {
  chief_complaint: "Chief complaint",
  history_of_present_illness: "History of present illness",
  past_medical_history: "Past medical history",
  past_surgical_history: "Past surgical history",
  family_social_history: "Family and social history",
  medications: "Medications",
  allergies: "Allergies",
  review_of_systems: "Review of systems",
  examination: "Examination",
  results: "Results",
  assessment: "Assessment",
  plan: "Plan",
  follow_up: "Follow-up",
  immunizations: "Immunizations",
  gynecologic_history: "Gynecologic history",
  procedures: "Procedures",
  ed_course: "Emergency department course",
  other_history: "Other history",
};

/** The full default section list (prompt v1 keys, in note order). */
export const DEFAULT_SECTIONS: readonly SummarySection[] = [
  "chief_complaint",
  "history_of_present_illness",
  "past_medical_history",
  "past_surgical_history",
  "family_social_history",
  "medications",
  "allergies",
  "review_of_systems",
  "examination",
  "results",
  "assessment",
  "plan",
  "follow_up",
].map((key) => ({ key, title: SECTION_TITLES[key]! }));

/** The single section to request for an MTS-Dialog row's section header. */
export function mtsSection(header: string): SummarySection {
  const key = MTS_SECTION_KEYS[header.toUpperCase()] ?? header.toLowerCase();
  return { key, title: SECTION_TITLES[key] ?? header };
}
