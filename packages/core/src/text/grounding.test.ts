import { describe, expect, it } from "vitest";

import { collectionLookups, regexInputCharacters } from "../testing/work-proxies";
import {
  contentTokens,
  foldNumberWords,
  groundSentences,
  outputSentences,
  scoreGrounding,
  SUPPORT_THRESHOLD,
} from "./grounding";
import { porterStem } from "./porter-stemmer";
import { WorkMeter } from "./work-meter";

const NOTES = [
  "Doctor: What brings you in today?",
  "Patient: I've had a throbbing headache for three days. It gets worse with bright light.",
  "Doctor: Any nausea or vomiting?",
  "Patient: Some nausea, no vomiting.",
  "Doctor: Your blood pressure is 140/90. Keep taking lisinopril 10 mg once daily.",
  "Patient: I am seventy six years old, by the way.",
  "Doctor: Let's try sumatriptan for the migraine and see you back in two weeks.",
].join("\n");

describe("outputSentences", () => {
  it("drops headings and labels, strips bullets and emphasis, splits sentences", () => {
    const output = [
      "## History",
      "- **Headache** for three days. Worse with bright light.",
      "Plan:",
      "1. Sumatriptan for migraine; follow up in two weeks.",
      "---",
      "Seen by Dr. Kumar today.",
    ].join("\n");
    expect(outputSentences(output)).toEqual([
      "Headache for three days.",
      "Worse with bright light.",
      "Sumatriptan for migraine; follow up in two weeks.",
      "Seen by Dr. Kumar today.",
    ]);
  });
});

describe("number handling", () => {
  it("folds spelled-out numbers to digits", () => {
    expect(foldNumberWords(["seventy", "six", "years"])).toEqual(["76", "years"]);
    expect(foldNumberWords(["one", "hundred", "and", "twenty", "mg"])).toEqual(["120", "mg"]);
    expect(foldNumberWords(["six", "five"])).toEqual(["6", "5"]);
    expect(foldNumberWords(["two", "thousand", "eight"])).toEqual(["2008"]);
    expect([...contentTokens("A 76-year-old with migraines")]).toEqual(["76", "year", "old", "migrain"]);
  });
});

describe("scoreGrounding", () => {
  it("supports an extractive summary fully", () => {
    const output = [
      "## Presenting complaint",
      "- Throbbing headache for three days, worse with bright light.",
      "- Some nausea, no vomiting.",
      "## Plan",
      "- Keep taking lisinopril 10 mg once daily.",
      "- Try sumatriptan for the migraine; back in two weeks.",
    ].join("\n");
    const result = scoreGrounding(output, NOTES);
    expect(result).toEqual({ score: 1, supported: 4, total: 4, unsupported: [] });
  });

  it("flags an invented prescription", () => {
    const output =
      "Headache for three days, worse with bright light. The patient was prescribed warfarin 5 mg.";
    const result = scoreGrounding(output, NOTES);
    expect(result.total).toBe(2);
    expect(result.unsupported).toEqual(["The patient was prescribed warfarin 5 mg."]);
    expect(result.score).toBe(0.5);
    const [, invented] = groundSentences(output, NOTES);
    // prescrib, warfarin, 5, mg ("patient" claims nothing) → only "mg" occurs in the notes.
    expect(invented!.support).toBeCloseTo(1 / 4, 10);
  });

  it("flags a changed number even when every word matches", () => {
    const [changed] = groundSentences("Keep taking lisinopril 20 mg once daily.", NOTES);
    // keep, take, lisinopril, 20, mg, daili: 5 of 6 found → above the threshold, but "20" is not in the notes.
    expect(changed!.support).toBeCloseTo(5 / 6, 10);
    expect(changed!.support).toBeGreaterThanOrEqual(SUPPORT_THRESHOLD);
    expect(changed!.supported).toBe(false);
    expect(groundSentences("Blood pressure 140/90.", NOTES)[0]!.supported).toBe(true);
    expect(groundSentences("Blood pressure 150/95.", NOTES)[0]!.supported).toBe(false);
  });

  it("matches spelled-out ages and points at the source span", () => {
    const [age] = groundSentences("76-year-old patient.", NOTES);
    expect(age!.supported).toBe(true);
    expect(NOTES.slice(age!.sourceStart, age!.sourceEnd)).toBe(
      "Patient: I am seventy six years old, by the way.",
    );
    const [bp] = groundSentences("Lisinopril 10 mg daily.", NOTES);
    expect(NOTES.slice(bp!.sourceStart, bp!.sourceEnd)).toBe("Keep taking lisinopril 10 mg once daily.");
  });

  it("ignores headings and returns 1 for an empty output", () => {
    expect(scoreGrounding("", NOTES)).toEqual({ score: 1, supported: 0, total: 0, unsupported: [] });
    expect(scoreGrounding("## Assessment\n\n## Plan\n", NOTES)).toEqual({
      score: 1,
      supported: 0,
      total: 0,
      unsupported: [],
    });
    expect(groundSentences("Quantum chromodynamics.", NOTES)[0]).toEqual({
      sentence: "Quantum chromodynamics.",
      support: 0,
      supported: false,
      sourceStart: -1,
      sourceEnd: -1,
    });
  });
});

describe("linear work on pathological input (issue #14)", () => {
  const noteLines = Array.from(
    { length: 1_000 },
    (_, i) => `Patient: The pain in my left knee started ${i} days ago after football.`,
  );
  const editLines = Array.from({ length: 1_000 }, (_, i) => `- Knee pain for ${i} days after football.`);

  it("locates a 1,000-line edit in 1,000 lines of notes without comparing every pair of lines", () => {
    const output = editLines.join("\n");
    const source = noteLines.join("\n");
    let grounded: ReturnType<typeof groundSentences> = [];
    const lookups = collectionLookups(() => (grounded = groundSentences(output, source)));
    // The old search compared each output sentence with every window of 1–3 source sentences.
    expect(lookups).toBeLessThanOrEqual(20 * (output.length + source.length));
    expect(grounded).toHaveLength(1_000);
    expect(source.slice(grounded[500]!.sourceStart, grounded[500]!.sourceEnd)).toBe(
      "Patient: The pain in my left knee started 500 days ago after football.",
    );
  });

  it("splits sentences after thousands of abbreviations without rescanning the line", () => {
    const line = "Take 5 mg. ".repeat(5_000);
    let sentences: string[] = [];
    const characters = regexInputCharacters(() => (sentences = outputSentences(line)));
    expect(characters).toBeLessThanOrEqual(10 * line.length);
    expect(sentences).toEqual([line.trim()]);
    const ended = regexInputCharacters(() => groundSentences("Headache.", "Dr. ".repeat(5_000)));
    expect(ended).toBeLessThanOrEqual(10 * 5 * 5_000);
  });

  it("stems a long run of y's in linear time", () => {
    const meter = new WorkMeter();
    const word = `${"y".repeat(20_000)}ing`;
    porterStem(word, meter);
    expect(meter.steps).toBeGreaterThan(0);
    expect(meter.steps).toBeLessThanOrEqual(4 * word.length);
  });
});
