import { describe, expect, it } from "vitest";

import { computeCostUsd, DEFAULT_MODEL_PRICES, parseModelPrices } from "./prices";

describe("computeCostUsd", () => {
  it("prices input and output tokens per million", () => {
    const prices = { m: { input: 2.5, output: 10 } };
    expect(computeCostUsd(prices, "m", { inputTokens: 1_000_000, outputTokens: 0 })).toBe(2.5);
    expect(computeCostUsd(prices, "m", { inputTokens: 1200, outputTokens: 300 })).toBeCloseTo(0.006, 9);
  });

  it("is zero for the embedded summarizer", () => {
    expect(
      computeCostUsd(DEFAULT_MODEL_PRICES, "embedded-note-writer", { inputTokens: 9999, outputTokens: 999 }),
    ).toBe(0);
  });

  it("is unknown (null), not free, for a model without a price", () => {
    expect(
      computeCostUsd(DEFAULT_MODEL_PRICES, "some-local-llama", { inputTokens: 10, outputTokens: 10 }),
    ).toBeNull();
  });
});

describe("parseModelPrices", () => {
  it("merges overrides over the defaults", () => {
    const prices = parseModelPrices(
      '{"llama3": {"input": 0, "output": 0}, "gpt-4o": {"input": 1, "output": 2}}',
    );
    expect(prices.llama3).toEqual({ input: 0, output: 0 });
    expect(prices["gpt-4o"]).toEqual({ input: 1, output: 2 });
    expect(prices["gpt-4o-mini"]).toEqual(DEFAULT_MODEL_PRICES["gpt-4o-mini"]);
  });
});
