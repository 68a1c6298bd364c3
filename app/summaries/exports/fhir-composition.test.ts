import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText } from "@consult-summary/core/testing";

import { summaryToFhirComposition } from "./fhir-composition";
import { fhirSectionCode } from "./loinc-sections";
import { META, SUMMARY } from "./test-fixtures";

describe("summaryToFhirComposition", () => {
  it("builds a preliminary R4 Consult note with one coded section per heading", () => {
    const composition = summaryToFhirComposition(SUMMARY, META);
    expect(composition).toMatchObject({
      resourceType: "Composition",
      status: "preliminary",
      type: { coding: [{ system: "http://loinc.org", code: "11488-4", display: "Consult note" }] },
      date: "2025-03-14T09:30:12.000Z",
      author: [{ display: "Consult Summary" }],
      title: "Consultation summary",
    });
    expect(composition).not.toHaveProperty("subject");
    expect(composition.section?.map((section) => [section.title, section.code?.coding[0]?.code])).toEqual([
      ["Chief complaint", "10154-3"],
      ["History of present illness", "10164-2"],
      ["Medications", "10160-0"],
      ["Allergies", "48765-2"],
      ["Examination", "29545-1"],
      ["Assessment", "51848-0"],
      ["Plan", "18776-5"],
      ["Follow-up", undefined],
    ]);
    expect(composition.section?.[7]).not.toHaveProperty("code");
    expect(composition.section?.[6]?.text).toEqual({
      status: "generated",
      div: '<div xmlns="http://www.w3.org/1999/xhtml"><ul><li>Doxycycline 100 mg twice daily for 7 days.</li><li>Chest X-ray; review in one week.</li></ul></div>',
    });
    // Serializes to JSON and back unchanged (plain data only).
    expect(JSON.parse(JSON.stringify(composition))).toEqual(composition);
  });

  it("is final when edited and carries subject, author and title from meta", () => {
    const composition = summaryToFhirComposition(SUMMARY, {
      ...META,
      edited: true,
      patientReference: "Patient/example-123",
      author: "Dr A. Smith",
      title: "Cough review",
    });
    expect(composition).toMatchObject({
      status: "final",
      subject: { reference: "Patient/example-123" },
      author: [{ display: "Dr A. Smith" }],
      title: "Cough review",
    });
    expect(
      summaryToFhirComposition(SUMMARY, { ...META, patientReference: "MRN 0042 Jane Doe" }).subject,
    ).toEqual({ display: "MRN 0042 Jane Doe" });
    expect(summaryToFhirComposition(SUMMARY, { ...META, patientReference: "   " })).not.toHaveProperty(
      "subject",
    );
  });

  it("escapes <script>, &, quotes and apostrophes in the XHTML narrative", () => {
    const composition = summaryToFhirComposition(
      `## Plan\n- <script>alert("x")</script> & it's 5 > 3\nFree text <b>bold</b> & more`,
      META,
    );
    const div = composition.section?.[0]?.text.div ?? "";
    expect(div).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><ul><li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it&#39;s 5 &gt; 3</li></ul><p>Free text &lt;b&gt;bold&lt;/b&gt; &amp; more</p></div>',
    );
    expect(div).not.toContain("<script");
    expect(div).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
  });

  it("puts text before the first heading into a Summary section and gives empty sections content", () => {
    const composition = summaryToFhirComposition("Seen today for review.\n- Stable.\n## Allergies\n", META);
    expect(composition.section).toEqual([
      {
        title: "Summary",
        text: {
          status: "generated",
          div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Seen today for review.</p><ul><li>Stable.</li></ul></div>',
        },
      },
      {
        title: "Allergies",
        code: {
          coding: [
            {
              system: "http://loinc.org",
              code: "48765-2",
              display: "Allergies and adverse reactions Document",
            },
          ],
          text: "Allergies",
        },
        text: {
          status: "generated",
          div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>No content.</p></div>',
        },
      },
    ]);
  });
});

describe("an empty summary", () => {
  it.each(["", "  \n\n  "])("exports %j without sections", (text) => {
    const composition = summaryToFhirComposition(text, META);
    expect(composition).not.toHaveProperty("section");
    expect(composition.resourceType).toBe("Composition");
  });
});

describe("the FHIR export on adversarial text (issue #14)", () => {
  it("never throws, stays linear in size and keeps the narrative escaped", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        const composition = summaryToFhirComposition(text, META);
        expect(JSON.stringify(composition).length).toBeLessThanOrEqual(30 * text.length + 1_000);
        for (const section of composition.section ?? []) {
          const inner = section.text.div
            .replace(/^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml">/, "")
            .replace(/<\/div>$/, "")
            .replace(/<\/?(?:ul|li|p)>/g, "");
          expect(inner).not.toMatch(/[<>"']|&(?!amp;|lt;|gt;|quot;|#39;)/);
        }
        fhirSectionCode(text);
      }),
      { numRuns: 80 },
    );
  });
});
