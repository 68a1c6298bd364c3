// Property tests of the text functions on adversarial input (issue #14): they never throw, their
// results stay within bounds, and the work they do (counted, never timed) grows linearly.

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText, SHAPES } from "../testing/adversarial-text";
import { escapeHtml } from "./escape-html";
import { contentTokens, groundOutputs, groundSentences, outputSentences, scoreGrounding } from "./grounding";
import { porterStem, stem } from "./porter-stemmer";
import { splitSentences, textSegments } from "./sentences";
import { tokenize } from "./tokenize";
import { WorkMeter } from "./work-meter";

const NOTES = [
  "Doctor: What brings you in today?",
  "Patient: A throbbing headache for three days, worse with bright light. No vomiting.",
  "Doctor: Take ibuprofen 400 mg twice daily, e.g. after meals. See Dr. Kumar in two weeks.",
].join("\n");
const SUMMARY = "## Plan\n- Ibuprofen 400 mg twice daily.\n- Headache for three days.\nReview in two weeks.";

/**
 * Work allowed per character of input on the named shapes (measured: grounding ≤ 6, splitting ≤ 2,
 * stemming ≤ 1).
 */
const STEPS_PER_CHARACTER = { grounding: 20, sentences: 4, stemmer: 4 };
/**
 * Grounding's provable bound for any input: a sentence's search costs at most 7 budgets plus twice
 * its tokens, and the budgets add up to 32 per sentence plus 2 per character of source and output
 * (source-index.ts), so about 132·|output| + 17·|source| with indexing.
 */
const GROUNDING_STEPS_PER_CHARACTER = 150;

function stepsOf(run: (meter: WorkMeter) => unknown): number {
  const meter = new WorkMeter();
  run(meter);
  return meter.steps;
}

const SIZES = [2_500, 10_000]; // n and 4n

describe("work grows linearly on every adversarial shape", () => {
  it.each(Object.keys(SHAPES))("%s", (shape) => {
    for (const n of SIZES) {
      const text = SHAPES[shape]!(n);
      const both = 2 * n + 1;
      expect(stepsOf((m) => groundSentences(text, text, m))).toBeLessThanOrEqual(
        STEPS_PER_CHARACTER.grounding * both,
      );
      expect(stepsOf((m) => groundSentences(text, NOTES, m))).toBeLessThanOrEqual(
        STEPS_PER_CHARACTER.grounding * (n + NOTES.length),
      );
      expect(stepsOf((m) => groundSentences(SUMMARY, text, m))).toBeLessThanOrEqual(
        STEPS_PER_CHARACTER.grounding * (n + SUMMARY.length),
      );
      expect(stepsOf((m) => scoreGrounding(text, text, m))).toBeLessThanOrEqual(
        STEPS_PER_CHARACTER.grounding * both,
      );
      expect(stepsOf((m) => textSegments(text, m))).toBeLessThanOrEqual(STEPS_PER_CHARACTER.sentences * n);
      expect(stepsOf((m) => outputSentences(text, m))).toBeLessThanOrEqual(STEPS_PER_CHARACTER.sentences * n);
      expect(stepsOf((m) => porterStem(text, m))).toBeLessThanOrEqual(STEPS_PER_CHARACTER.stemmer * n + 100);
    }
  });
});

describe("tokenize and stem", () => {
  it("yield [a-z0-9]+ tokens, no more of them than characters, deterministically", () => {
    fc.assert(
      fc.property(anyAdversarialText(), fc.boolean(), (text, stemmed) => {
        const tokens = tokenize(text, { stem: stemmed });
        expect(tokens.length).toBeLessThanOrEqual(text.length);
        for (const token of tokens) expect(token).toMatch(/^[a-z0-9]+$/);
        expect(tokenize(text, { stem: stemmed })).toEqual(tokens);
      }),
      { numRuns: 60 },
    );
  });

  it("stem never lengthens a word by more than one letter and the memo agrees with the algorithm", () => {
    fc.assert(
      fc.property(anyAdversarialText(5_000), (text) => {
        for (const word of tokenize(text, { stem: false }).slice(0, 200)) {
          const stemmed = porterStem(word);
          expect(stemmed).toMatch(/^[a-z0-9]*$/);
          expect(stemmed.length).toBeLessThanOrEqual(word.length + 1);
          expect(stem(word)).toBe(stemmed);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("escapeHtml", () => {
  it("leaves no markup character and reads back as the text", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped.length).toBeLessThanOrEqual(6 * text.length);
        const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
        expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, (_entity, name: string) => entities[name]!)).toBe(
          text,
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe("contentTokens and sentences", () => {
  it("contentTokens yields no more tokens than characters", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        expect(contentTokens(text).size).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 60 },
    );
  });

  it("segments are the trimmed, non-overlapping pieces of the text at their offsets", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        let previousEnd = 0;
        for (const segment of textSegments(text)) {
          expect(segment.start).toBeGreaterThanOrEqual(previousEnd);
          expect(segment.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(segment.start, segment.end)).toBe(segment.text);
          expect(segment.text).toBe(segment.text.trim());
          expect(segment.text.length).toBeGreaterThan(0);
          previousEnd = segment.end;
        }
      }),
      { numRuns: 80 },
    );
  });

  it("a line's segments hold every non-space character of the line, in order", () => {
    fc.assert(
      fc.property(anyAdversarialText(20_000), (text) => {
        const line = text.replace(/\n/g, " ");
        const joined = splitSentences(line, 0)
          .map((segment) => segment.text)
          .join("");
        expect(joined.replace(/\s/g, "")).toBe(line.replace(/\s/g, ""));
      }),
      { numRuns: 60 },
    );
  });

  it("outputSentences are trimmed and no longer than the output", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        const sentences = outputSentences(text);
        let total = 0;
        for (const sentence of sentences) {
          expect(sentence.length).toBeGreaterThan(0);
          expect(sentence).toBe(sentence.trim());
          total += sentence.length;
        }
        expect(total).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 60 },
    );
  });
});

describe("grounding", () => {
  const outputAndSource = fc.tuple(
    fc.oneof(anyAdversarialText(), fc.constant(SUMMARY)),
    fc.oneof(anyAdversarialText(), fc.constant(NOTES)),
  );

  it("points at trimmed source spans that hold one of the sentence's content tokens", () => {
    fc.assert(
      fc.property(outputAndSource, ([output, source]) => {
        const grounded = groundSentences(output, source);
        for (const sentence of grounded) {
          expect(sentence.support).toBeGreaterThanOrEqual(0);
          expect(sentence.support).toBeLessThanOrEqual(1);
          if (sentence.supported) expect(sentence.support).toBeGreaterThanOrEqual(0.6);
          if (sentence.sourceStart < 0) {
            expect(sentence.sourceEnd).toBe(-1);
            continue;
          }
          expect(sentence.sourceStart).toBeLessThan(sentence.sourceEnd);
          expect(sentence.sourceEnd).toBeLessThanOrEqual(source.length);
          const span = source.slice(sentence.sourceStart, sentence.sourceEnd);
          expect(span).toBe(span.trim());
          const claim = contentTokens(sentence.sentence);
          expect([...contentTokens(span)].some((token) => claim.has(token))).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("scoreGrounding agrees with groundSentences, and the work stays linear", () => {
    fc.assert(
      fc.property(outputAndSource, ([output, source]) => {
        const meter = new WorkMeter();
        const grounded = groundSentences(output, source, meter);
        expect(meter.steps).toBeLessThanOrEqual(
          GROUNDING_STEPS_PER_CHARACTER * (output.length + source.length + 1),
        );
        const score = scoreGrounding(output, source);
        expect(score.total).toBe(grounded.length);
        expect(score.supported).toBe(grounded.filter((sentence) => sentence.supported).length);
        expect(score.unsupported).toEqual(grounded.filter((s) => !s.supported).map((s) => s.sentence));
        expect(score.score).toBeGreaterThanOrEqual(0);
        expect(score.score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });

  it("grounding several outputs at once gives each the sentences it has alone", () => {
    fc.assert(
      fc.property(
        fc.array(anyAdversarialText(2_000), { maxLength: 5 }),
        anyAdversarialText(),
        (outputs, source) => {
          const together = groundOutputs(outputs, source);
          expect(together).toHaveLength(outputs.length);
          together.forEach((grounded, i) => {
            expect(grounded.map((sentence) => sentence.sentence)).toEqual(
              groundSentences(outputs[i]!, source).map((sentence) => sentence.sentence),
            );
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(outputAndSource, ([output, source]) => {
        expect(groundSentences(output, source)).toEqual(groundSentences(output, source));
      }),
      { numRuns: 30 },
    );
  });
});
