// What every export writes besides the summary itself: title, patient, date, model, prompt, author.

export type ExportMeta = {
  /** The consultation's title, shown after the document title. */
  title?: string;
  /** What the document is, by its note type ("Referral letter"); "Consultation summary" when omitted. */
  documentTitle?: string;
  /** A patient reference the clinician typed ("Patient/123", a URL, or free text such as an MRN). */
  patientReference?: string;
  createdAt: Date | string;
  model: string;
  promptVersion: string;
  author?: string;
  /** Logical ids on the EHR's FHIR server, when known: subject, encounter and author references. */
  fhirPatientId?: string;
  fhirEncounterId?: string;
  fhirPractitionerId?: string;
  /** The clinician edited or approved the text: FHIR status "final" instead of "preliminary". */
  edited?: boolean;
};

export const DEFAULT_TITLE = "Consultation summary";

export function documentTitleOf(meta: Pick<ExportMeta, "documentTitle">): string {
  return meta.documentTitle ?? DEFAULT_TITLE;
}

export function toDate(value: Date | string): Date | undefined {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
