import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText } from "@consult-summary/core/testing";
import { collectionLookups } from "@consult-summary/core/testing";
import { WorkMeter } from "@consult-summary/core/text";
import { groundItem, groundSummary } from "./summary-grounding";
import { summaryItems } from "./summary-markdown";
import { parseSummaryMarkdown } from "./summary-markdown";

const NOTES = [
  "Doctor: What brings you in today?",
  "Patient: I've had a throbbing headache for three days. It gets worse with bright light.",
  "Doctor: Any nausea or vomiting?",
  "Patient: Some nausea, no vomiting.",
  "Doctor: Keep taking lisinopril 10 mg once daily. Let's try sumatriptan and see you in two weeks.",
].join("\n");

const SUMMARY = [
  "Seen today for headaches.",
  "## History",
  "- Throbbing headache for three days, worse with bright light.",
  "- Some nausea, no **vomiting**.",
  "## Plan",
  "- Sumatriptan; review in two weeks.",
  "- Warfarin 5 mg daily.",
  "- Yes.",
  "Follow up as needed.",
].join("\n");

describe("summaryItems", () => {
  it("lists each paragraph's text and each list item in document order, headings skipped", () => {
    expect(summaryItems(SUMMARY)).toEqual([
      "Seen today for headaches.",
      "Throbbing headache for three days, worse with bright light.",
      "Some nausea, no vomiting.",
      "Sumatriptan; review in two weeks.",
      "Warfarin 5 mg daily.",
      "Yes.",
      "Follow up as needed.",
    ]);
  });

  it("lines up with the blocks a renderer walks", () => {
    fc.assert(
      fc.property(anyAdversarialText(5_000), (text) => {
        const rendered = parseSummaryMarkdown(text).flatMap((block) =>
          block.kind === "heading" ? [] : block.kind === "list" ? block.items : [block.text],
        );
        expect(summaryItems(text)).toEqual(rendered);
      }),
      { numRuns: 60 },
    );
  });
});

describe("groundSummary", () => {
  it("flags an item whose facts the notes contradict, with the reasons, however many words match", () => {
    const [dose, negation, question] = groundSummary(
      ["- Lisinopril 20 mg once daily.", "- Denies nausea.", "- Any nausea or vomiting?"].join("\n"),
      NOTES,
    );
    expect(dose).toMatchObject({ supported: false });
    expect(dose!.issues!.map((issue) => issue.reason)).toEqual([
      "the notes never say 20",
      "the notes give lisinopril 10 mg",
    ]);
    expect(negation!.issues).toEqual([
      { kind: "negation", claim: "nausea", reason: "says there is no nausea; the notes say there is" },
    ]);
    expect(question!.issues!.map((issue) => issue.kind)).toEqual(["question"]);
  });

  it("grounds every item exactly as groundItem does, in summaryItems order", () => {
    // "Yes." makes no claim (no content words): supported, located nowhere.
    const items = summaryItems(SUMMARY);
    const grounded = groundSummary(SUMMARY, NOTES);
    expect(grounded).toEqual(items.map((item) => groundItem(item, NOTES)));
    expect(grounded.map((item) => item.supported)).toEqual([true, true, true, true, false, true, false]);
    expect(grounded[5]).toEqual({ support: 1, supported: true, sourceStart: -1, sourceEnd: -1 });
    const [, history] = grounded;
    expect(NOTES.slice(history!.sourceStart, history!.sourceEnd)).toBe(
      "Patient: I've had a throbbing headache for three days. It gets worse with bright light.",
    );
  });

  it("indexes the notes once for a 3,000-line edit (issue #14)", () => {
    const notes = Array.from({ length: 500 }, (_, i) => `Patient: My knee has hurt for ${i} days.`).join(
      "\n",
    );
    const edit = Array.from({ length: 3_000 }, (_, i) => `- Knee pain for ${i % 700} days.`).join("\n");
    let grounded: ReturnType<typeof groundSummary> = [];
    // Grounding item by item read all the notes again for each of the 3,000 items.
    const lookups = collectionLookups(() => (grounded = groundSummary(edit, notes)));
    expect(lookups).toBeLessThanOrEqual(20 * (edit.length + notes.length));
    expect(grounded).toHaveLength(3_000);
    expect(notes.slice(grounded[42]!.sourceStart, grounded[42]!.sourceEnd)).toBe(
      "Patient: My knee has hurt for 42 days.",
    );
  });

  it("stays within bounds and linear on adversarial summaries and notes", () => {
    fc.assert(
      fc.property(anyAdversarialText(), anyAdversarialText(), (text, notes) => {
        const meter = new WorkMeter();
        const grounded = groundSummary(text, notes, meter);
        expect(grounded).toHaveLength(summaryItems(text).length);
        for (const item of grounded) {
          expect(item.support).toBeGreaterThanOrEqual(0);
          expect(item.support).toBeLessThanOrEqual(1);
          expect(item.sourceEnd).toBeLessThanOrEqual(notes.length);
          expect(item.sourceStart < 0 ? item.sourceEnd === -1 : item.sourceStart < item.sourceEnd).toBe(true);
        }
        // Grounding's provable bound (see packages/core/src/text/text.property.test.ts).
        expect(meter.steps).toBeLessThanOrEqual(150 * (text.length + notes.length + 1));
        const item = groundItem(text.slice(0, 2_000), notes);
        expect(item.support).toBeGreaterThanOrEqual(0);
        expect(item.sourceEnd).toBeLessThanOrEqual(notes.length);
      }),
      { numRuns: 60 },
    );
  });
});

describe("groundSummary by note format", () => {
  const kinds = (text: string, format?: "note" | "letter" | "patient-summary") =>
    groundSummary(text, NOTES, undefined, format).map((item) =>
      (item.issues ?? []).map((issue) => issue.kind),
    );

  it("takes the second person of an after-visit summary as its register, not as speech to check", () => {
    const avs = "## Your medicines\n- You keep taking lisinopril 10 mg once daily.";
    expect(kinds(avs, "note")).toEqual([["question"]]);
    expect(kinds(avs, "patient-summary")).toEqual([[]]);
  });

  it("still flags a number or medicine the visit did not say in an after-visit summary", () => {
    expect(kinds("- You take lisinopril 20 mg once daily.", "patient-summary")[0]).toContain("dose");
    expect(kinds("- Take warfarin 5 mg daily.", "patient-summary")[0]).toContain("medicine");
  });

  it("never flags a letter's own greeting, opening and closing, which state no fact", () => {
    const frame =
      "Dear colleague,\n\nThis patient is referred for assessment.\n\nThank you for seeing this patient.";
    expect(groundSummary(frame, NOTES, undefined, "letter").map((item) => item.supported)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      groundSummary("This patient is referred for assessment.", NOTES, undefined, "note")[0]!.supported,
    ).toBe(false);
  });

  it("takes a letter's greeting and closing as addressed to the colleague, and only those", () => {
    const letter = "Dear colleague,\n\nThank you for seeing this patient.\n\nYou should see her soon.";
    expect(kinds(letter, "letter")).toEqual([[], [], ["question"]]);
  });
});
