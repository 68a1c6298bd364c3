import { describe, expect, it } from "vitest";

import { fhirSectionCode } from "./loinc-sections";

describe("fhirSectionCode", () => {
  it.each([
    ["Chief complaint", "10154-3"],
    ["Presenting complaint", "10154-3"],
    ["History of present illness", "10164-2"],
    ["HPI", "10164-2"],
    ["Past medical history", "11348-0"],
    ["Medications", "10160-0"],
    ["Current medications:", "10160-0"],
    ["Allergies", "48765-2"],
    ["Physical exam", "29545-1"],
    ["Examination", "29545-1"],
    ["Results", "30954-2"],
    ["Investigations", "30954-2"],
    ["Assessment", "51848-0"],
    ["PLAN", "18776-5"],
  ])("codes %s as %s", (title, code) => {
    expect(fhirSectionCode(title)).toMatchObject({ system: "http://loinc.org", code });
  });

  it.each(["Follow-up", "Social history", "Assessment and plan", "Plan B notes", ""])(
    "leaves %j uncoded",
    (title) => {
      expect(fhirSectionCode(title)).toBeUndefined();
    },
  );
});
