import { bootstrapMeanInterval, mean, mulberry32, quantileSorted } from "../../src/compare/bootstrap";

describe("mulberry32", () => {
  it("is deterministic per seed and yields values in [0, 1)", () => {
    const r1 = mulberry32(42);
    const r2 = mulberry32(42);
    const r3 = mulberry32(43);
    const s1 = Array.from({ length: 1000 }, () => r1());
    const s2 = Array.from({ length: 1000 }, () => r2());
    const s3 = Array.from({ length: 1000 }, () => r3());
    expect(s1).toEqual(s2);
    expect(s1).not.toEqual(s3);
    for (const v of s1) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
    const m = mean(s1) as number;
    expect(m).toBeGreaterThan(0.45);
    expect(m).toBeLessThan(0.55);
  });
});

describe("quantileSorted", () => {
  it("interpolates linearly", () => {
    expect(quantileSorted([0, 10], 0.5)).toBe(5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4, 5], 1)).toBe(5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.25)).toBe(2);
  });
});

describe("bootstrapMeanInterval", () => {
  const deltas = [0.1, -0.05, 0.02, 0.03, -0.01, 0.08, 0.0, -0.02, 0.04, 0.06, -0.03, 0.05];

  it("is deterministic for a seed and changes with the seed", () => {
    const x = bootstrapMeanInterval(deltas, { samples: 2000, seed: 7 });
    const y = bootstrapMeanInterval(deltas, { samples: 2000, seed: 7 });
    const z = bootstrapMeanInterval(deltas, { samples: 2000, seed: 8 });
    expect(x).toEqual(y);
    expect(x).not.toEqual(z);
  });

  it("returns an interval that contains the mean", () => {
    const ci = bootstrapMeanInterval(deltas)!;
    expect(ci.mean).toBeCloseTo(mean(deltas)!, 12);
    expect(ci.low).toBeLessThan(ci.mean);
    expect(ci.high).toBeGreaterThan(ci.mean);
    expect(ci).toMatchObject({ confidence: 0.95, samples: 2000, n: deltas.length });
  });

  it("narrows for a lower confidence and with more data", () => {
    const wide = bootstrapMeanInterval(deltas, { confidence: 0.99 })!;
    const narrow = bootstrapMeanInterval(deltas, { confidence: 0.8 })!;
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
    const more = bootstrapMeanInterval([...deltas, ...deltas, ...deltas, ...deltas])!;
    const base = bootstrapMeanInterval(deltas)!;
    expect(more.high - more.low).toBeLessThan(base.high - base.low);
  });

  it("gives a zero-width interval for zero-variance input", () => {
    const ci = bootstrapMeanInterval([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])!;
    expect(ci.low).toBe(ci.mean);
    expect(ci.high).toBe(ci.mean);
    expect(ci.mean).toBeCloseTo(0.1, 12);
    const one = bootstrapMeanInterval([-0.25])!;
    expect([one.low, one.mean, one.high]).toEqual([-0.25, -0.25, -0.25]);
  });

  it("returns null for empty or non-finite input instead of NaN", () => {
    expect(bootstrapMeanInterval([])).toBeNull();
    expect(bootstrapMeanInterval([0.1, Number.NaN])).toBeNull();
    expect(mean([])).toBeNull();
  });

  it("rejects invalid options", () => {
    expect(() => bootstrapMeanInterval(deltas, { samples: 0 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval(deltas, { confidence: 1 })).toThrow(RangeError);
  });
});
