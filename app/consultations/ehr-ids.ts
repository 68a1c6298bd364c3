// The optional EHR ids a clinician gives with a consultation: FHIR logical ids of the patient and
// the encounter, which the FHIR exports and Send to EHR turn into references.
import { FHIR_ID_PATTERN } from "~/summaries/exports/fhir-references";

type EhrIds = { fhirPatientId?: string; fhirEncounterId?: string };
type EhrIdsProblem = { error: { status: 400; code: "invalid_fhir_id"; message: string } };

const FIELDS = [
  ["fhirPatientId", "EHR patient id"],
  ["fhirEncounterId", "EHR encounter id"],
] as const;

/** The posted ids, trimmed; a problem naming the field (never echoing it) when one is not a FHIR id. */
export function readEhrIds(form: FormData): EhrIds | EhrIdsProblem {
  const ids: EhrIds = {};
  for (const [name, label] of FIELDS) {
    const value = String(form.get(name) ?? "").trim();
    if (!value) continue;
    if (!FHIR_ID_PATTERN.test(value)) {
      return {
        error: {
          status: 400,
          code: "invalid_fhir_id",
          message: `The ${label} must be a FHIR id: 1 to 64 letters, digits, hyphens or dots.`,
        },
      };
    }
    ids[name] = value;
  }
  return ids;
}
