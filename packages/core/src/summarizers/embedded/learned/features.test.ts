import { describe, expect, it } from "vitest";

import { parseConsultation } from "../parse-consultation";
import { answeredQuestions, consultationFeatures, normalizeWord } from "./features";

const DIALOGUE = [
  "Doctor: How long have you had the chest pain?",
  "Patient: About three days. It gets worse when I climb stairs.",
  "Doctor: Any fevers?",
  "Patient: No.",
].join("\n");

describe("learned note features", () => {
  it("gives the same features for the same consultation", () => {
    const first = consultationFeatures(parseConsultation(DIALOGUE).sentences);
    const second = consultationFeatures(parseConsultation(DIALOGUE).sentences);
    expect(second).toEqual(first);
  });

  it("describes speaker, position, question, length, words and the question a sentence answers", () => {
    const [question, answer] = consultationFeatures(parseConsultation(DIALOGUE).sentences);
    expect(question).toEqual(
      expect.arrayContaining(["spk:doctor", "pos:0", "isq:doctor", "w:chest", "w:pain"]),
    );
    expect(question).not.toContain("ans");
    expect(answer).toEqual(
      expect.arrayContaining(["spk:patient", "ans", "w:#num", "w:day", "q:chest", "len:0"]),
    );
  });

  it("links only the first sentences of the next speaker's turn to a question", () => {
    const sentences = parseConsultation(DIALOGUE).sentences;
    expect(answeredQuestions(sentences).map((q) => q?.index)).toEqual([undefined, 0, 0, undefined, 3]);
  });

  it("folds numbers and plurals", () => {
    expect(["12", "twenty", "3.5mg", "pains", "diagnosis", "less", "patient's"].map(normalizeWord)).toEqual([
      "#num",
      "#num",
      "#num",
      "pain",
      "diagnosis",
      "less",
      "patient",
    ]);
  });
});
