// The optional EHR ids a clinician gives with a consultation: FHIR logical ids of the patient and
// the encounter, which the FHIR exports and Send to EHR turn into references. One rule for every
// way in: the home form, the consultation page's "EHR ids" form and the JSON API.
import { FHIR_ID_INPUT_PATTERN, FHIR_ID_PATTERN } from "~/summaries/exports/fhir-references";

/** The same rule in the browser's own check, before anything is posted. */
export const FHIR_ID_INPUT = { maxLength: 64, pattern: FHIR_ID_INPUT_PATTERN, autoComplete: "off" } as const;

export type EhrIds = { fhirPatientId?: string; fhirEncounterId?: string };
export type EhrIdsProblem = { error: { status: 400; code: "invalid_fhir_id"; message: string } };

const FIELDS = [
  ["fhirPatientId", "EHR patient id"],
  ["fhirEncounterId", "EHR encounter id"],
] as const;

/**
 * The given ids, trimmed (blank ones left out); a problem naming the field (never echoing its
 * value) when one is not a FHIR id.
 */
export function checkEhrIds(values: Partial<Record<keyof EhrIds, string | null>>): EhrIds | EhrIdsProblem {
  const ids: EhrIds = {};
  for (const [name, label] of FIELDS) {
    const value = (values[name] ?? "").trim();
    if (!value) continue;
    if (!FHIR_ID_PATTERN.test(value)) {
      return {
        error: {
          status: 400,
          code: "invalid_fhir_id",
          message: `The ${label} (${name}) must be a FHIR id: 1 to 64 letters, digits, hyphens or dots.`,
        },
      };
    }
    ids[name] = value;
  }
  return ids;
}

/** The posted form's ids, as checkEhrIds reads them. */
export function readEhrIds(form: FormData): EhrIds | EhrIdsProblem {
  return checkEhrIds({
    fhirPatientId: String(form.get("fhirPatientId") ?? ""),
    fhirEncounterId: String(form.get("fhirEncounterId") ?? ""),
  });
}
