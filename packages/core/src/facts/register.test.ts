import { describe, expect, it } from "vitest";

import { SHAPES } from "../testing/adversarial-text";
import { collectionLookups, regexInputCharacters } from "../testing/work-proxies";
import { conversationalCues, conversationalShare, isConversational, type RegisterCue } from "./register";

const cuesOf = (line: string): RegisterCue[] => conversationalCues(line).map((flag) => flag.cue);

describe("conversationalCues: lines in note register", () => {
  it.each([
    "Reports fatigue and lightheadedness for about 5 weeks.",
    "Denies fever or chills.",
    "Takes metformin 500 mg twice daily.",
    "BP 122/70.",
    "Hypertension: well controlled on lisinopril 20 mg daily. Continue; lipid panel ordered.",
    "Flu-like symptoms for 3 days.",
    "Pain feels like a band around the head.",
    "So far no side effects from the new dose.",
    "Renal US ordered; results reviewed with the patient.",
    "Type I diabetes since childhood, i.e. since age 9.",
    "Pain improved, so ibuprofen was stopped.",
    "No known drug allergies.",
    "CHIEF COMPLAINT",
    "",
  ])("%j", (line) => {
    expect(conversationalCues(line)).toEqual([]);
    expect(isConversational(line)).toBe(false);
  });
});

describe("conversationalCues: lines in conversational register, and why", () => {
  it.each<[string, RegisterCue[]]>([
    ["Since you are here let me just ask you about your blood pressure.", ["second_person", "first_person"]],
    [
      "I'm gonna go ahead and start you on doxycycline 100 mg twice a day.",
      ["first_person", "filler", "second_person"],
    ],
    ["Have you ever been diagnosed with lyme disease before.", ["second_person", "question"]],
    ["[doctor] any fever or chills", ["question"]],
    ["Patient: my knee hurts when I climb stairs.", ["first_person"]],
    ["We will see her back in 2 weeks.", ["first_person"]],
    ["Let's get an x-ray of the knee.", ["first_person"]],
    ["Um, the pain is worse at night.", ["filler"]],
    ["Okay, the lungs are clear.", ["filler"]],
    ["So the pain started on Monday.", ["filler"]],
    ["The pain is, like, an 8 out of 10.", ["filler"]],
    ["Like the pain comes and goes.", ["filler"]],
    ["It's kinda sore in the morning.", ["filler"]],
    ["Alright, lungs clear to auscultation.", ["filler"]],
    ["Any chest pain?", ["question"]],
    ["Chest pain on exertion?", ["question"]],
    ["Do you have any allergies to medicines.", ["second_person", "question"]],
    ["Hope y’all are well.", ["second_person"]],
  ])("%j → %j", (line, cues) => {
    expect(cuesOf(line)).toEqual(cues);
    expect(isConversational(line)).toBe(true);
  });

  it("names the word that shows each cue", () => {
    expect(conversationalCues("I'm gonna start you on it?")).toEqual([
      { cue: "first_person", word: "i'm" },
      { cue: "filler", word: "gonna" },
      { cue: "second_person", word: "you" },
      { cue: "question", word: "?" },
    ]);
  });
});

describe("conversationalShare", () => {
  it("is the share of lines with any cue; 0 when there are no lines", () => {
    expect(conversationalShare([])).toBe(0);
    expect(conversationalShare(["Denies fever.", "Any fever?", "BP 120/80.", "I'm fine."])).toBe(0.5);
  });
});

describe("the register check's work grows linearly on every adversarial shape", () => {
  it.each(Object.keys(SHAPES))("%s", (shape) => {
    for (const n of [2_500, 10_000]) {
      const text = SHAPES[shape]!(n);
      const run = () => conversationalCues(text);
      expect(regexInputCharacters(run)).toBeLessThanOrEqual(40 * n);
      expect(collectionLookups(run)).toBeLessThanOrEqual(80 * n);
    }
  });
});
