// The fact check on adversarial text (issue #14's shapes): nothing throws, and its work — text
// handed to regular expressions, lookups in its indexes — grows linearly with the texts, counted,
// never timed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText, SHAPES } from "../testing/adversarial-text";
import { collectionLookups, regexInputCharacters } from "../testing/work-proxies";
import { checkFacts, indexFacts } from "./check-facts";

/** Measured on every shape: at most ~12 characters and ~25 lookups per character. */
const PER_CHARACTER = { regex: 40, lookups: 80 };

describe("the fact check's work grows linearly on every adversarial shape", () => {
  it.each(Object.keys(SHAPES))("%s", (shape) => {
    for (const n of [2_500, 10_000]) {
      const text = SHAPES[shape]!(n);
      const run = () => checkFacts(text, indexFacts(text));
      expect(regexInputCharacters(run)).toBeLessThanOrEqual(PER_CHARACTER.regex * n);
      expect(collectionLookups(run)).toBeLessThanOrEqual(PER_CHARACTER.lookups * n);
    }
  });

  it("a summary full of medicines and doses costs no more than linear", () => {
    const line = (i: number) => `zz${i}pril ${i} mg daily and `;
    for (const n of [500, 2_000]) {
      const summary = Array.from({ length: n }, (_, i) => line(i)).join("");
      const run = () => checkFacts(summary, indexFacts(summary));
      expect(collectionLookups(run)).toBeLessThanOrEqual(PER_CHARACTER.lookups * summary.length);
    }
  });
});

describe("on any text", () => {
  it("returns issues with a kind, a claim and a reason, and never throws", () => {
    fc.assert(
      fc.property(anyAdversarialText(20_000), anyAdversarialText(20_000), (summary, notes) => {
        for (const issue of checkFacts(summary, indexFacts(notes))) {
          expect(issue.claim.length).toBeGreaterThan(0);
          expect(issue.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("finds nothing wanting in a text checked against itself but its questions and speech", () => {
    fc.assert(
      fc.property(anyAdversarialText(20_000), (text) => {
        const kinds = new Set(checkFacts(text, indexFacts(text)).map((issue) => issue.kind));
        for (const kind of kinds) expect(kind).toBe("question");
      }),
      { numRuns: 40 },
    );
  });
});
