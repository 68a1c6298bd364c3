// The references every FHIR export carries: the patient, the encounter and the author.
import type { ExportMeta } from "./export-meta";
import type { FhirReference } from "./fhir-resources";
import { oneLine } from "./summary-sections";

/** A FHIR logical id (the `id` datatype), as an HTML `pattern` (which matches the whole value). */
export const FHIR_ID_INPUT_PATTERN = String.raw`[A-Za-z0-9\-.]{1,64}`;
/** A FHIR logical id: what a clinician may type as a patient or encounter id. */
export const FHIR_ID_PATTERN = new RegExp(`^${FHIR_ID_INPUT_PATTERN}$`);

export const APP_AUTHOR = "Consult Summary";

function literal(value: string): boolean {
  return /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(value) || /^(https?:\/\/|urn:)\S+$/.test(value);
}

function typed(resourceType: string, id: string | undefined): string | undefined {
  const value = id?.trim();
  return value && FHIR_ID_PATTERN.test(value) ? `${resourceType}/${value}` : undefined;
}

/** Patient/<fhirPatientId>, else the typed patient reference (literal, or its text as a display). */
export function subjectOf(meta: ExportMeta): FhirReference | undefined {
  const patient = typed("Patient", meta.fhirPatientId);
  if (patient) return { reference: patient };
  const value = meta.patientReference?.trim();
  if (!value) return undefined;
  return literal(value) ? { reference: value } : { display: oneLine(value) };
}

export function encounterOf(meta: ExportMeta): FhirReference | undefined {
  const encounter = typed("Encounter", meta.fhirEncounterId);
  return encounter ? { reference: encounter } : undefined;
}

/** Practitioner/<fhirPractitionerId> when known (with the author's name), else the name, else the app. */
export function authorOf(meta: ExportMeta): FhirReference {
  const display = meta.author?.trim() ? oneLine(meta.author) : undefined;
  const practitioner = typed("Practitioner", meta.fhirPractitionerId);
  if (practitioner) return { reference: practitioner, ...(display && { display }) };
  return { display: display ?? APP_AUTHOR };
}
