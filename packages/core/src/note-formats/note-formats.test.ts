import { describe, expect, it } from "vitest";

import { checkFacts, conversationalCues, indexFacts, type FactIssue } from "../facts/index";
import { loadPrompt } from "../prompts/prompt-catalogue";
import { summarizeConsultation } from "../summarizers/embedded/index";
import { ALL_FIXTURES, V1_SECTIONS } from "../summarizers/embedded/test-fixtures";
import { LETTER_CLOSING, LETTER_GREETING, PLAIN_GLOSSARY, toPlainLanguage, writeNote } from "./index";
import { REFERRAL_VISIT } from "./test-visits";

const VISITS = { ...ALL_FIXTURES, REFERRAL_VISIT };
const LETTER = loadPrompt("referral-letter", "v1");
const AFTER_VISIT = loadPrompt("after-visit-summary", "v1");

function contentLines(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("## "))
    .map((line) => line.replace(/^- /, ""));
}

/** What the fact check finds unsupported, register aside (an after-visit summary speaks to the patient). */
function unsupportedFacts(text: string, notes: string): FactIssue[] {
  const facts = indexFacts(notes);
  return contentLines(text).flatMap((line) =>
    checkFacts(line, facts).filter((issue) => issue.kind !== "question"),
  );
}

describe("the clinical note format", () => {
  it.each(Object.entries(VISITS))("is the embedded writer's note byte for byte (%s)", (_name, notes) => {
    const prompt = loadPrompt("consultation-summary", "v1");
    expect(prompt.format).toBe("note");
    expect(writeNote(notes, prompt.sections, prompt.format)).toBe(
      summarizeConsultation(notes, prompt.sections),
    );
    expect(writeNote(notes, V1_SECTIONS, "note")).toBe(summarizeConsultation(notes, V1_SECTIONS));
  });
});

describe("the referral letter", () => {
  const letter = writeNote(REFERRAL_VISIT, LETTER.sections, LETTER.format);
  const lines = letter.split("\n").filter((line) => line.trim());

  it("greets a colleague, names the patient as the visit does, and closes with thanks", () => {
    expect(lines[0]).toBe(LETTER_GREETING);
    expect(lines[1]).toMatch(/64-year-old male/);
    expect(lines.at(-1)).toBe(LETTER_CLOSING);
  });

  it("gives the referral as the reason, then the history, findings, medicines and plan under headings", () => {
    const headings = lines.filter((line) => line.startsWith("## "));
    expect(headings[0]).toBe("## Reason for referral");
    expect(lines[lines.indexOf("## Reason for referral") + 1]).toMatch(/^- Refer .*cardiology/);
    expect(headings).toEqual(
      expect.arrayContaining(["## Examination", "## Current medications", "## Allergies"]),
    );
    expect(letter).toMatch(/## Plan so far\n- .*nitroglycerin/i);
  });

  it("speaks of the patient in the third person between greeting and closing", () => {
    const body = contentLines(letter).slice(1, -1);
    expect(
      body.flatMap((line) => conversationalCues(line).filter((cue) => cue.cue === "second_person")),
    ).toEqual([]);
  });

  it.each(Object.entries(VISITS))("states no number or medicine the visit did not (%s)", (_name, notes) => {
    expect(unsupportedFacts(writeNote(notes, LETTER.sections, LETTER.format), notes)).toEqual([]);
  });
});

describe("the after-visit summary", () => {
  const summary = writeNote(REFERRAL_VISIT, AFTER_VISIT.sections, AFTER_VISIT.format);

  it("is written to the patient under the headings a patient looks for", () => {
    expect(summary).toMatch(/^## Why you came in\n/);
    expect(summary).toContain("## What to do next");
    expect(summary).toMatch(/## When to come back or get help\n- Come back in 2 weeks/);
    expect(summary).not.toMatch(/\bthe patient\b/i);
    expect(summary).toMatch(/- You take amlodipine 10 mg/);
  });

  it("turns orders into what the patient does or what happens next", () => {
    expect(summary).toMatch(/- Take nitroglycerin 0\.4 mg/);
    expect(summary).toMatch(/- You will see cardiology/);
    expect(summary).toMatch(/- You will have a lipid panel/);
    expect(summary).not.toMatch(/\b(?:Prescribe|Order|Refer)\b/);
  });

  it.each(Object.entries(VISITS))("uses none of the glossary's jargon (%s)", (_name, notes) => {
    const text = writeNote(notes, AFTER_VISIT.sections, AFTER_VISIT.format);
    const jargon = PLAIN_GLOSSARY.map(([term]) => term).filter((term) =>
      new RegExp(`\\b${term}\\b`).test(text),
    );
    expect(jargon).toEqual([]);
  });

  it("says blood pressure where the visit said BP", () => {
    expect(REFERRAL_VISIT).toMatch(/\bBP\b/);
    expect(summary).toMatch(/- Blood pressure today is 150\/90/);
  });

  it.each(Object.entries(VISITS))("states no number or medicine the visit did not (%s)", (_name, notes) => {
    expect(unsupportedFacts(writeNote(notes, AFTER_VISIT.sections, AFTER_VISIT.format), notes)).toEqual([]);
  });
});

describe("toPlainLanguage", () => {
  it.each([
    ["The patient probably has a contusion.", "You probably have a bruise."],
    ["The patient's BP is 140/90.", "Your blood pressure is 140/90."],
    ["Denies fever or chills.", "You said you have no fever or chills."],
    ["Takes metformin 500 mg bid.", "You take metformin 500 mg twice a day."],
    [
      "Diabetes: Order an A1c. Follow up in 3 months.",
      "Diabetes: You will have an A1c. Come back in 3 months.",
    ],
    ["If the pain goes on, order an MRI.", "If the pain goes on, you will have an MRI."],
    ["The patient reports that the patient goes running.", "You report that you go running."],
    ["Refer to physical therapy.", "You will see physical therapy."],
    ["Prescribe amoxicillin 500 mg three times a day.", "Take amoxicillin 500 mg three times a day."],
  ])("%s → %s", (line, plain) => {
    expect(toPlainLanguage(line)).toBe(plain);
  });
});
