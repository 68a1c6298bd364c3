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

export interface FhirComposition {
  resourceType: "Composition";
  status: "preliminary" | "final";
  type: FhirCodeableConcept;
  subject?: { reference: string } | { display: string };
  date: string;
  author: { display: string }[];
  title: string;
  /** Left out when the summary has no text (FHIR JSON allows no empty arrays). */
  section?: FhirCompositionSection[];
}
