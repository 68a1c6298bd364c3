// LOINC codes for the section titles summaries commonly use, for the FHIR export's sections.
import type { FhirCoding } from "./fhir-resources";
import { stripInline } from "./summary-sections";

export const LOINC_SYSTEM = "http://loinc.org";

const SECTION_CODES: { code: string; display: string; titles: string[] }[] = [
  {
    code: "10154-3",
    display: "Chief complaint Narrative - Reported",
    titles: ["chief complaint", "chief complaints", "presenting complaint", "presenting complaints", "cc"],
  },
  {
    code: "10164-2",
    display: "History of Present illness Narrative",
    titles: [
      "history of present illness",
      "history of presenting illness",
      "history of presenting complaint",
      "history of the presenting complaint",
      "history of present complaint",
      "hpi",
      "hpc",
    ],
  },
  {
    code: "11348-0",
    display: "History of Past illness Narrative",
    titles: ["past medical history", "past history", "medical history", "pmh", "pmhx"],
  },
  {
    code: "10160-0",
    display: "History of Medication use Narrative",
    titles: [
      "medications",
      "medication",
      "current medications",
      "current medication",
      "medication history",
      "medication list",
      "drug history",
      "meds",
    ],
  },
  {
    code: "48765-2",
    display: "Allergies and adverse reactions Document",
    titles: [
      "allergies",
      "allergy",
      "drug allergies",
      "allergies and adverse reactions",
      "allergies and intolerances",
    ],
  },
  {
    code: "29545-1",
    display: "Physical findings Narrative",
    titles: [
      "physical exam",
      "physical examination",
      "examination",
      "exam",
      "on examination",
      "physical findings",
      "examination findings",
    ],
  },
  {
    code: "30954-2",
    display: "Relevant diagnostic tests/laboratory data Narrative",
    titles: [
      "results",
      "investigations",
      "test results",
      "lab results",
      "laboratory results",
      "labs",
      "diagnostic results",
      "diagnostic tests",
    ],
  },
  {
    code: "51848-0",
    display: "Evaluation note",
    titles: ["assessment", "impression", "clinical impression", "clinical assessment"],
  },
  {
    code: "18776-5",
    display: "Plan of care note",
    titles: ["plan", "plan of care", "management plan", "treatment plan", "management", "care plan"],
  },
];

const SECTION_CODE_BY_TITLE = new Map(
  SECTION_CODES.flatMap(({ code, display, titles }) =>
    titles.map((title) => [title, { system: LOINC_SYSTEM, code, display }] as const),
  ),
);

function normalizeTitle(title: string): string {
  return stripInline(title)
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The LOINC code for a well-known section title (case and punctuation ignored); else undefined. */
export function fhirSectionCode(title: string): FhirCoding | undefined {
  const coding = SECTION_CODE_BY_TITLE.get(normalizeTitle(title));
  return coding && { ...coding };
}
