import { describe, expect, it } from "vitest";

import { tokenize } from "./tokenize";

describe("rouge-score tokenizer", () => {
  it("lower-cases and splits on everything outside a-z0-9", () => {
    expect(tokenize("Hello, WORLD!", { stem: false })).toEqual(["hello", "world"]);
    expect(tokenize("  76-year-old (BP 140/90) ", { stem: false })).toEqual([
      "76",
      "year",
      "old",
      "bp",
      "140",
      "90",
    ]);
    expect(tokenize("", { stem: true })).toEqual([]);
    expect(tokenize("/ ... --", { stem: true })).toEqual([]);
  });

  it("treats non-ASCII letters as separators", () => {
    expect(tokenize("café über naïve", { stem: false })).toEqual(["caf", "ber", "na", "ve"]);
    // Lower-casing happens first, like Python's str.lower(): KELVIN SIGN → "k", "İ" → "i" + U+0307.
    expect(tokenize("\u212Aelvin \u0130stanbul", { stem: false })).toEqual(["kelvin", "i", "stanbul"]);
  });

  it("stems only tokens longer than 3 characters", () => {
    expect(tokenize("The patients were running; she runs, he ran.", { stem: true })).toEqual([
      "the",
      "patient",
      "were",
      "run",
      "she",
      "run",
      "he",
      "ran",
    ]);
    expect(tokenize("dies lies", { stem: true })).toEqual(["die", "lie"]);
    expect(tokenize("The patients were running", { stem: false })).toEqual([
      "the",
      "patients",
      "were",
      "running",
    ]);
  });
});
