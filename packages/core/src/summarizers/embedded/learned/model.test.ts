import { describe, expect, it } from "vitest";

import { parseConsultation } from "../parse-consultation";
import { sentenceFeatures } from "./features";
import {
  explainNoteworthiness,
  explainSection,
  noteworthiness,
  scoreSentences,
  sectionFit,
  sectionLogProbs,
} from "./model";

function featuresOf(line: string): string[] {
  const [sentence] = parseConsultation(line).sentences;
  return sentenceFeatures({ ...sentence!, position: 0.5 });
}

describe("learned note models", () => {
  it("finds a symptom with its duration more note-worthy than small talk", () => {
    const clinical = featuresOf("Patient: I have had chest pain for three days.");
    const smallTalk = featuresOf("Doctor: How are you doing today?");
    expect(noteworthiness(clinical)).toBeGreaterThan(noteworthiness(smallTalk));
  });

  it("files an examination finding under examination", () => {
    const logProbs = sectionLogProbs(
      featuresOf("Doctor: On exam, the lungs are clear to auscultation bilaterally and there is no edema."),
    );
    const top = Object.entries(logProbs).sort((a, b) => b[1] - a[1])[0]![0];
    expect(top).toBe("examination");
    const total = Object.values(logProbs).reduce((sum, lp) => sum + Math.exp(lp), 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it("explains a score by its strongest features", () => {
    const features = featuresOf("Patient: I have had chest pain for three days.");
    const reasons = explainNoteworthiness(features, 3);
    expect(reasons).toHaveLength(3);
    expect(reasons.map((r) => r.feature)).toContain("w:pain");
    expect(Math.abs(reasons[0]!.weight)).toBeGreaterThanOrEqual(Math.abs(reasons[2]!.weight));
    expect(explainSection(features, "history_of_present_illness").length).toBeGreaterThan(0);
    expect(explainSection(features, "no_such_section")).toEqual([]);
  });

  it("scores every sentence and gives no section fit to sections it does not know", () => {
    const sentences = parseConsultation(
      "Doctor: Any allergies?\nPatient: Penicillin gives me hives.",
    ).sentences;
    const scores = scoreSentences(sentences);
    expect(scores).toHaveLength(sentences.length);
    expect(sectionFit(scores[1]!, "allergies")).toBeGreaterThan(sectionFit(scores[1]!, "examination"));
    expect(sectionFit(scores[1]!, "no_such_section")).toBe(0);
  });
});
