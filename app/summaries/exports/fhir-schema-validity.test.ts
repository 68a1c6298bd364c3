import { describe, expect, it } from "vitest";

import { fhirSchemaErrors, fhirSchemaIdentity } from "../../../test/support/fhir-schema";
import { summaryToFhirComposition } from "./fhir-composition";
import { summaryToFhirDocumentReference } from "./fhir-document-reference";
import { META, SUMMARY } from "./test-fixtures";

const KNOWN = {
  ...META,
  edited: true,
  title: "Cough review",
  author: "Dr A. Smith",
  fhirPatientId: "example-123",
  fhirEncounterId: "enc.42",
  fhirPractitionerId: "pract-7",
};

describe("the official FHIR R4 JSON schema", () => {
  it("is hl7.org's draft-06 schema for FHIR 4.0", () => {
    expect(fhirSchemaIdentity()).toEqual({
      draft: "http://json-schema.org/draft-06/schema#",
      id: "http://hl7.org/fhir/json-schema/4.0",
    });
  });

  it("refuses what is not FHIR, so the checks below can fail", () => {
    const documentReference = summaryToFhirDocumentReference(SUMMARY, META);
    expect(fhirSchemaErrors({ ...documentReference, status: "draft" })).not.toEqual([]);
    expect(fhirSchemaErrors({ ...documentReference, subject: { ref: "Patient/1" } })).not.toEqual([]);
    const { content: _content, ...withoutContent } = documentReference;
    expect(fhirSchemaErrors(withoutContent)).not.toEqual([]);
    expect(fhirSchemaErrors({ ...documentReference, date: "14 March 2025" })).not.toEqual([]);
  });

  it.each([
    ["with nothing known", META],
    ["with patient, encounter and author known", KNOWN],
    ["with a free-text patient reference", { ...META, patientReference: "MRN 0042 Jane Doe" }],
  ])("accepts the Composition and the DocumentReference %s", (_, meta) => {
    expect(fhirSchemaErrors(summaryToFhirComposition(SUMMARY, meta))).toEqual([]);
    expect(fhirSchemaErrors(summaryToFhirDocumentReference(SUMMARY, meta))).toEqual([]);
    expect(fhirSchemaErrors(summaryToFhirComposition("", meta))).toEqual([]);
    expect(fhirSchemaErrors(summaryToFhirDocumentReference("", meta))).toEqual([]);
  });
});
