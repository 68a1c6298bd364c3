import fc from "fast-check";
import type * as cl100k from "gpt-tokenizer/encoding/cl100k_base";
import type * as o200k from "gpt-tokenizer/encoding/o200k_base";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { anyAdversarialText, SHAPES } from "../testing/adversarial-text";
import { countingPieces, estimateUsage } from "./token-count";

// The longest text the tokenizer was handed since the last reset: its byte-pair merge is quadratic
// in the length of one pre-token, and a run without spaces is a single pre-token.
const longest = vi.hoisted(() => ({ length: 0 }));

vi.mock("gpt-tokenizer/encoding/cl100k_base", async (importOriginal) => {
  const real = await importOriginal<typeof cl100k>();
  return {
    ...real,
    countTokens: (text: string, options?: Parameters<typeof real.countTokens>[1]) => {
      longest.length = Math.max(longest.length, text.length);
      return real.countTokens(text, options);
    },
  };
});

const { countTokens: countWhole } = await vi.importActual<typeof o200k>("gpt-tokenizer/encoding/o200k_base");

const MODEL = "embedded-note-writer"; // counted with cl100k_base

beforeEach(() => {
  longest.length = 0;
});

describe("estimateUsage on pathological text (issue #14)", () => {
  it("hands the tokenizer bounded pieces of a 100,000-character run without whitespace", async () => {
    for (const text of ["a".repeat(100_000), "\n".repeat(100_000), SHAPES["emoji"]!(100_000)]) {
      longest.length = 0;
      const usage = await estimateUsage(MODEL, [{ role: "user", content: text }], text);
      expect(longest.length).toBeGreaterThan(0);
      expect(longest.length).toBeLessThanOrEqual(64);
      expect(usage.inputTokens).toBeGreaterThan(0);
      expect(usage.outputTokens).toBe(usage.inputTokens);
    }
  });

  it("counts special-token text such as <|endoftext|> as text instead of throwing", async () => {
    const usage = await estimateUsage(MODEL, [{ role: "user", content: "Patient: <|endoftext|> ok" }], "");
    expect(usage.inputTokens).toBeGreaterThan(3);
  });

  it("never throws and counts at most one token per UTF-8 byte", async () => {
    await fc.assert(
      fc.asyncProperty(anyAdversarialText(), async (text) => {
        const usage = await estimateUsage("gpt-4o-mini", [{ role: "user", content: text }], text);
        expect(usage.inputTokens).toBe(usage.outputTokens);
        expect(usage.outputTokens).toBeLessThanOrEqual(3 * text.length);
        expect(usage.outputTokens > 0).toBe(text.length > 0);
      }),
      { numRuns: 40 },
    );
  });
});

/** The most characters in a row with no " " followed by a non-space among them. */
function longestStretchWithoutWordStart(text: string): number {
  let longest = 0;
  let since = 0;
  for (let i = 0; i < text.length; i++) {
    since = text[i] === " " && /\S/.test(text[i + 1] ?? " ") ? 0 : since + 1;
    longest = Math.max(longest, since);
  }
  return longest;
}

describe("countingPieces", () => {
  it("cuts text into pieces of at most 64 characters that join back to it", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        const pieces = countingPieces(text);
        expect(pieces.join("")).toBe(text);
        for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(64);
      }),
      { numRuns: 60 },
    );
  });

  it("counts ordinary text exactly as a whole, since it only cuts before a space between words", () => {
    const word = fc.constantFrom(
      "Patient",
      "reports",
      "knee",
      "pain",
      "for",
      "3",
      "days,",
      "worse",
      "on",
      "stairs.",
      "Ibuprofen",
      "400mg",
      "BID",
      "(as",
      "needed)",
      "—",
      "café",
      "\n",
      "  ",
      "'s",
      "https://example.org/a-long-path",
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 400 }), (words) => {
        const text = words.join(" ");
        // Ordinary text: a space before a word at least every MAX_PIECE characters.
        fc.pre(longestStretchWithoutWordStart(text) < 64);
        const pieces = countingPieces(text);
        for (const piece of pieces.slice(1)) expect(piece).toMatch(/^ \S/);
        const options = { disallowedSpecial: new Set<string>() };
        const summed = pieces.reduce((total, piece) => total + countWhole(piece, options), 0);
        expect(summed).toBe(countWhole(text, options));
      }),
      { numRuns: 100 },
    );
  });
});
