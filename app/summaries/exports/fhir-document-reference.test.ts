import { describe, expect, it } from "vitest";

import { summaryToFhirComposition } from "./fhir-composition";
import { summaryToFhirDocumentReference } from "./fhir-document-reference";
import { summaryToMarkdown } from "./markdown-and-plain-text";
import { META, SUMMARY } from "./test-fixtures";

describe("summaryToFhirDocumentReference", () => {
  it("is a current, preliminary LOINC 11506-3 progress note with the Markdown note attached", () => {
    const documentReference = summaryToFhirDocumentReference(SUMMARY, META);
    expect(documentReference).toEqual({
      resourceType: "DocumentReference",
      status: "current",
      docStatus: "preliminary",
      type: {
        coding: [{ system: "http://loinc.org", code: "11506-3", display: "Progress note" }],
        text: "Progress note",
      },
      date: "2025-03-14T09:30:12.000Z",
      author: [{ display: "Consult Summary" }],
      description: "Consultation summary",
      content: [
        {
          attachment: {
            contentType: "text/markdown; charset=utf-8",
            data: expect.any(String) as string,
            title: "Consultation summary",
            creation: "2025-03-14T09:30:12.000Z",
          },
        },
      ],
    });
    const attached = Buffer.from(documentReference.content[0].attachment.data, "base64").toString("utf8");
    expect(attached).toBe(summaryToMarkdown(SUMMARY, META));
    expect(attached).toContain("Doxycycline 100 mg twice daily for 7 days.");
  });

  it("is final when edited and names patient, encounter and author when they are known", () => {
    const meta = {
      ...META,
      edited: true,
      title: "Cough review",
      author: "Dr A. Smith",
      fhirPatientId: "example-123",
      fhirEncounterId: "enc.42",
      fhirPractitionerId: "pract-7",
    };
    const documentReference = summaryToFhirDocumentReference(SUMMARY, meta);
    expect(documentReference).toMatchObject({
      docStatus: "final",
      subject: { reference: "Patient/example-123" },
      context: { encounter: [{ reference: "Encounter/enc.42" }] },
      author: [{ reference: "Practitioner/pract-7", display: "Dr A. Smith" }],
      description: "Cough review",
    });
    // The Composition export carries the same references.
    expect(summaryToFhirComposition(SUMMARY, meta)).toMatchObject({
      status: "final",
      subject: { reference: "Patient/example-123" },
      encounter: { reference: "Encounter/enc.42" },
      author: [{ reference: "Practitioner/pract-7", display: "Dr A. Smith" }],
    });
  });

  it("never makes a reference of an id that is not a FHIR id", () => {
    const documentReference = summaryToFhirDocumentReference(SUMMARY, {
      ...META,
      fhirPatientId: "../Patient/1",
      fhirEncounterId: "a b",
      fhirPractitionerId: "x".repeat(65),
    });
    expect(documentReference).not.toHaveProperty("subject");
    expect(documentReference).not.toHaveProperty("context");
    expect(documentReference.author).toEqual([{ display: "Consult Summary" }]);
  });
});
