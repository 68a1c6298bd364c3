// Property tests of the embedded writer on adversarial consultations (issue #14): nothing throws,
// sizes stay linear, and the text its regular expressions are handed (counted, never timed) grows
// linearly with the notes.

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText, SHAPES } from "../../testing/adversarial-text";
import { regexInputCharacters } from "../../testing/work-proxies";
import { chunkForStreaming, DEFAULT_SECTIONS, mtsSection, summarizeConsultation } from "./index";
import { finishSentence, fixAsrSpacing, stripFillers, stripLeadingMarkers, words } from "./normalize";
import { cleanSentence, parseConsultation, splitSentences } from "./parse-consultation";

const SECTIONS = [...DEFAULT_SECTIONS];
/** Characters handed to regular expressions per character of notes (measured: at most ~80). */
const REGEX_CHARACTERS_PER_CHARACTER = { summarize: 150, parse: 60, split: 8 };

const withoutWhitespace = (text: string) => text.replace(/\s/g, "");

describe("the embedded writer's work grows linearly on every adversarial shape", () => {
  it.each(Object.keys(SHAPES))("%s", (shape) => {
    for (const n of [2_500, 10_000]) {
      const notes = SHAPES[shape]!(n);
      const limits = REGEX_CHARACTERS_PER_CHARACTER;
      expect(regexInputCharacters(() => splitSentences(notes))).toBeLessThanOrEqual(limits.split * n);
      expect(regexInputCharacters(() => parseConsultation(notes))).toBeLessThanOrEqual(limits.parse * n);
      expect(regexInputCharacters(() => summarizeConsultation(notes, SECTIONS))).toBeLessThanOrEqual(
        limits.summarize * n,
      );
    }
  });
});

describe("sentences", () => {
  it("splitSentences loses and invents nothing but whitespace", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        const sentences = splitSentences(text);
        for (const sentence of sentences) {
          expect(sentence.length).toBeGreaterThan(0);
          expect(sentence).toBe(sentence.trim());
        }
        expect(withoutWhitespace(sentences.join(""))).toBe(withoutWhitespace(text));
      }),
      { numRuns: 60 },
    );
  });

  it("parseConsultation numbers its sentences in order and keeps them linear in size", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (notes) => {
        const parsed = parseConsultation(notes);
        let size = 0;
        parsed.sentences.forEach((sentence, i) => {
          expect(sentence.index).toBe(i);
          expect(sentence.position).toBeGreaterThanOrEqual(0);
          expect(sentence.position).toBeLessThanOrEqual(1);
          expect(sentence.turn).toBeGreaterThanOrEqual(i === 0 ? 0 : parsed.sentences[i - 1]!.turn);
          expect(sentence.words).toEqual(words(sentence.text));
          if (sentence.text) expect(sentence.text).toMatch(/[.!?]$/);
          size += sentence.raw.length + sentence.text.length;
        });
        expect(size).toBeLessThanOrEqual(3 * notes.length);
      }),
      { numRuns: 60 },
    );
  });
});

describe("clean-up", () => {
  it("never lengthens a sentence by more than its final punctuation, and finishSentence is idempotent", () => {
    fc.assert(
      fc.property(anyAdversarialText(20_000), (text) => {
        expect(fixAsrSpacing(text).length).toBeLessThanOrEqual(text.length);
        expect(stripFillers(text).length).toBeLessThanOrEqual(text.length);
        expect(stripLeadingMarkers(text).length).toBeLessThanOrEqual(text.length);
        const finished = finishSentence(text);
        expect(finished.length).toBeLessThanOrEqual(text.length + 1);
        expect(finishSentence(finished)).toBe(finished);
        expect(cleanSentence(text).length).toBeLessThanOrEqual(text.length + 1);
      }),
      { numRuns: 60 },
    );
  });
});

describe("summarizeConsultation", () => {
  it("never throws, is deterministic and writes a summary linear in the notes", () => {
    fc.assert(
      fc.property(anyAdversarialText(), fc.boolean(), (notes, single) => {
        const sections = single ? [mtsSection("GENHX")] : SECTIONS;
        const summary = summarizeConsultation(notes, sections);
        expect(summary.length).toBeLessThanOrEqual(2 * notes.length + 400);
        expect(summarizeConsultation(notes, sections)).toBe(summary);
        const chunks = chunkForStreaming(summary);
        expect(chunks.join("")).toBe(/\S/.test(summary) ? summary : "");
      }),
      { numRuns: 40 },
    );
  });
});
