// The FHIR R4 shapes the export writes, with only the fields it fills.

export interface FhirCoding {
  system: string;
  code: string;
  display: string;
}

export interface FhirCodeableConcept {
  coding: FhirCoding[];
  text?: string;
}

export interface FhirCompositionSection {
  title: string;
  code?: FhirCodeableConcept;
  text: { status: "generated"; div: string };
}

/** A literal reference ("Patient/123") or, when only a name or free text is known, a display. */
export type FhirReference = { reference: string; display?: string } | { display: string };

export interface FhirComposition {
  resourceType: "Composition";
  status: "preliminary" | "final";
  type: FhirCodeableConcept;
  subject?: FhirReference;
  encounter?: FhirReference;
  date: string;
  author: FhirReference[];
  title: string;
  /** Left out when the summary has no text (FHIR JSON allows no empty arrays). */
  section?: FhirCompositionSection[];
}

export interface FhirAttachment {
  contentType: string;
  /** base64 */
  data: string;
  title: string;
  creation: string;
}

export interface FhirDocumentReference {
  resourceType: "DocumentReference";
  status: "current";
  docStatus: "preliminary" | "final";
  type: FhirCodeableConcept;
  subject?: FhirReference;
  date: string;
  author: FhirReference[];
  description: string;
  content: [{ attachment: FhirAttachment }];
  context?: { encounter: FhirReference[] };
}
