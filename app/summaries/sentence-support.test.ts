import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText } from "@consult-summary/core/testing";
import { groundOutputs, WorkMeter } from "@consult-summary/core/text";
import { LONG_ASR_PLAN_TURN, LONG_ASR_VISIT } from "../../test/support/long-asr-visit";
import { narrowToSentences } from "./sentence-support";
import { groundSummary } from "./summary-grounding";

const highlighted = (notes: string, summary: string) =>
  groundSummary(summary, notes).map(({ sourceStart, sourceEnd }) =>
    sourceStart < 0 ? null : notes.slice(sourceStart, sourceEnd),
  );

describe("the sentence a summary line comes from", () => {
  it("is one sentence of a long unpunctuated ASR turn, split as the note writer splits speech", () => {
    const plan = [
      "## Plan",
      "- Keep taking ibuprofen 400 mg three times a day with food for another two weeks.",
      "- Physiotherapy twice a week.",
      "- Back in four weeks to see how she is doing.",
    ].join("\n");
    expect(highlighted(LONG_ASR_VISIT, plan)).toEqual([
      "i want you to keep taking the ibuprofen 400 milligrams three times a day with food for another two weeks",
      "i'm going to start you on a short course of physiotherapy twice a week",
      "otherwise i want to see you back here in four weeks to see how you're doing",
    ]);
    // Before, each was the whole 935-character turn.
    for (const span of groundOutputs([plan], LONG_ASR_VISIT)[0]!)
      expect(LONG_ASR_VISIT.slice(span.sourceStart, span.sourceEnd)).toBe(LONG_ASR_PLAN_TURN);
  });

  it("is the sentence of a punctuated turn that says it, and both when it takes two", () => {
    const notes = [
      "Doctor: What brings you in?",
      "Patient: I fell off my bike on Sunday. My left wrist is swollen. I also have a cold, nothing much.",
      "Doctor: Let's get an X-ray of the wrist. I'll put it in a splint until we have the result.",
    ].join("\n");
    expect(
      highlighted(
        notes,
        ["- Left wrist swollen.", "- X-ray of the wrist, then a splint until the result."].join("\n"),
      ),
    ).toEqual([
      "My left wrist is swollen.",
      "Doctor: Let's get an X-ray of the wrist. I'll put it in a splint until we have the result.",
    ]);
  });

  it("leaves a line located nowhere where it was", () => {
    expect(highlighted(LONG_ASR_VISIT, "- Yes.\n- Warfarin.")).toEqual([null, null]);
  });

  it("stays inside the span grounding found, with linear work, on any summary and notes", () => {
    fc.assert(
      fc.property(anyAdversarialText(20_000), anyAdversarialText(), (summary, notes) => {
        const grounded = groundOutputs([summary], notes);
        const meter = new WorkMeter();
        const [narrowed] = narrowToSentences(grounded, notes, meter);
        narrowed!.forEach((sentence, k) => {
          const wide = grounded[0]![k]!;
          if (wide.sourceStart < 0) return expect(sentence).toEqual(wide);
          expect(sentence.sourceStart).toBeGreaterThanOrEqual(wide.sourceStart);
          expect(sentence.sourceEnd).toBeLessThanOrEqual(wide.sourceEnd);
          expect(sentence.sourceStart).toBeLessThan(sentence.sourceEnd);
        });
        expect(meter.steps).toBeLessThanOrEqual(150 * (summary.length + notes.length + 1));
      }),
      { numRuns: 40 },
    );
  });
});
