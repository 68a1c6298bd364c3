import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText } from "../testing/adversarial-text";
import { spokenSegments } from "./spoken-sentences";
import { WorkMeter } from "./work-meter";

describe("spokenSegments", () => {
  it("splits an unpunctuated ASR turn where the note writer does, before an order or a question", () => {
    const turn =
      "[doctor] okay so i think this is a lumbar strain with some irritation of the sciatic nerve on the right side " +
      "it is very common after lifting and most people get better in four to six weeks " +
      "i want you to keep taking the ibuprofen 400 milligrams three times a day with food for another two weeks " +
      "i'm going to start you on a short course of physiotherapy twice a week " +
      "do you have any questions for me about any of that today";
    expect(spokenSegments(turn).map((segment) => segment.text)).toEqual([
      "[doctor] okay so i think this is a lumbar strain with some irritation of the sciatic nerve on the right side it is very common after lifting and most people get better in four to six weeks",
      "i want you to keep taking the ibuprofen 400 milligrams three times a day with food for another two weeks",
      "i'm going to start you on a short course of physiotherapy twice a week",
      "do you have any questions for me about any of that today",
    ]);
  });

  it('maps sentences back through ASR spacing the writer mends ("gon na", " .") to the text as typed', () => {
    const notes = "[doctor] hi .  how are you ?\n[patient] i'm gon na be fine , thanks . it do n't hurt much";
    const segments = spokenSegments(notes);
    expect(segments.map((segment) => notes.slice(segment.start, segment.end))).toEqual([
      "[doctor] hi .",
      "how are you ?",
      "[patient] i'm gon na be fine , thanks .",
      "it do n't hurt much",
    ]);
    for (const segment of segments) expect(segment.text).toBe(notes.slice(segment.start, segment.end));
  });

  it("covers every non-blank character of any text once, in order, with linear work", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        const meter = new WorkMeter();
        const segments = spokenSegments(text, meter);
        let covered = "";
        let last = 0;
        for (const segment of segments) {
          expect(segment.start).toBeGreaterThanOrEqual(last);
          expect(segment.text).toBe(text.slice(segment.start, segment.end));
          covered += segment.text;
          last = segment.end;
        }
        expect(covered.replace(/\s+/g, "")).toBe(text.replace(/\s+/g, ""));
        expect(meter.steps).toBeLessThanOrEqual(4 * text.length + 4 * segments.length + 1);
      }),
      { numRuns: 60 },
    );
  });
});
