import { describe, expect, it } from "vitest";

import { checkFacts, indexFacts, type FactIssueKind } from "./check-facts";

// A synthetic visit in the ASR style of real transcripts: labelled turns, lower case, spoken numbers.
const VISIT = [
  "[doctor] hi ms. lee what brings you in today",
  "[patient] my left knee has been hurting for about three weeks",
  "[doctor] any fever or chills",
  "[patient] no",
  "[doctor] any chest pain",
  "[patient] yeah some chest pain when i climb stairs",
  "[doctor] are you still taking the lisinopril twenty milligrams once a day",
  "[patient] yes i am",
  "[doctor] your blood pressure today is one twenty two over seventy",
  "[doctor] i'm going to start you on meloxicam seven point five milligrams twice a day as needed",
  "[doctor] she has hypertension and osteoarthritis of the left knee. no known drug allergies",
  "[doctor] let's follow up in march",
].join("\n");

const facts = indexFacts(VISIT);
const kindsOf = (line: string): FactIssueKind[] => checkFacts(line, facts).map((issue) => issue.kind);

describe("checkFacts: statements the visit supports", () => {
  it.each([
    "Left knee pain for about 3 weeks.",
    "Denies fever or chills.",
    "Reports chest pain when climbing stairs.",
    "Takes lisinopril 20 mg once daily.",
    "BP 122/70.",
    "Start meloxicam 7.5 mg twice daily as needed.",
    "Hypertension; osteoarthritis of the left knee.",
    "No known drug allergies.",
    "Follow up in March.",
  ])("%s", (line) => {
    expect(checkFacts(line, facts)).toEqual([]);
  });
});

describe("checkFacts: statements it flags, and why", () => {
  it.each<[string, FactIssueKind]>([
    ["Left knee pain for about 4 weeks.", "number"],
    ["BP 132/70.", "number"],
    ["Takes lisinopril 20 mcg once daily.", "dose_unit"],
    ["Takes lisinopril 20 mg twice daily.", "frequency"],
    ["Start meloxicam 7.5 mg every 8 hours.", "frequency"],
    ["Follow up in April.", "date"],
    ["Right knee pain for about 3 weeks.", "side"],
    ["Takes metoprolol for blood pressure.", "medicine"],
    ["Takes atorvastatin.", "medicine"],
    ["History of diabetes.", "diagnosis"],
    ["History of gastritis.", "diagnosis"],
    ["Reports fever and chills.", "negation"],
    ["Denies chest pain.", "negation"],
    ["Any fever or chills?", "question"],
    ["Are you still taking the lisinopril?", "question"],
  ])("%s → %s", (line, kind) => {
    expect(kindsOf(line)).toContain(kind);
  });

  it("gives each flag a reason a clinician can act on", () => {
    const [issue] = checkFacts("Takes lisinopril 20 mcg once daily.", facts);
    expect(issue).toEqual({ kind: "dose_unit", claim: "20 mcg", reason: "the notes say 20 mg" });
  });

  it("flags allergies when the visit never discussed them", () => {
    const quiet = indexFacts("[doctor] how is the knee\n[patient] better thanks");
    expect(checkFacts("No known drug allergies.", quiet).map((issue) => issue.kind)).toEqual(["allergy"]);
  });

  it("flags a doctor's question copied from the transcript into a summary", () => {
    const copied = "Doctor: Any shortness of breath?\nPatient: No.";
    const source = indexFacts(copied);
    expect(checkFacts("Doctor: Any shortness of breath?", source).map((issue) => issue.kind)).toEqual([
      "question",
    ]);
  });

  it('reads ASR\'s spaced negations ("do n\'t", "does n\'t") as negations', () => {
    const asr = indexFacts("[doctor] i do n't appreciate any murmurs\n[patient] it does n't hurt");
    expect(checkFacts("I don't appreciate any murmurs.", asr)).toEqual([]);
    expect(checkFacts("No murmurs.", asr)).toEqual([]);
    expect(checkFacts("Murmurs present.", asr).map((issue) => issue.kind)).toEqual(["negation"]);
  });

  it("never writes a number the notes did not say, spoken or in digits", () => {
    const spoken = indexFacts("[patient] i take one hundred milligrams of the metformin two times a day");
    expect(checkFacts("Metformin 100 mg twice daily.", spoken)).toEqual([]);
    expect(checkFacts("Metformin 1000 mg twice daily.", spoken)).toEqual([
      { kind: "number", claim: "1000", reason: "the notes never say 1000" },
      { kind: "dose", claim: "metformin 1000 mg", reason: "the notes give metformin 100 mg" },
    ]);
  });
});
