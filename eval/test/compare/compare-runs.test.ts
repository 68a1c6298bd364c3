import { compareRuns, outcomeOf } from "../../src/compare/compare-runs";
import { failed, ok, run, scores } from "./fixtures";

describe("compareRuns: pairing", () => {
  const a = run("run-a", "v1", [
    ok("c1", 0.5),
    ok("c2", 0.6),
    failed("c3", "timeout"),
    ok("c4", 0.7),
    ok("onlyA", 0.9),
    ok("c6", 0.4),
  ]);
  const b = run("run-b", "v2", [
    ok("c2", 0.7),
    ok("c1", 0.45),
    ok("c3", 0.8),
    failed("c4", "rate-limit"),
    ok("onlyB", 0.1),
    { ...ok("c6", 0.5), errorCode: "truncated" },
  ]);
  const report = compareRuns(a, b);

  it("pairs by case id in A's order and excludes missing and failed cases", () => {
    expect(report.paired.map((p) => p.caseId)).toEqual(["c1", "c2"]);
    expect(report.onlyInA).toEqual(["onlyA"]);
    expect(report.onlyInB).toEqual(["onlyB"]);
    expect(report.failed).toEqual([
      { caseId: "c3", errorA: "timeout", errorB: null },
      { caseId: "c4", errorA: null, errorB: "rate-limit" },
      { caseId: "c6", errorA: null, errorB: "truncated" },
    ]);
    expect(report.summary.n).toBe(2);
  });

  it("counts errors per run, by code", () => {
    expect(report.a).toMatchObject({ cases: 6, scored: 5, errors: 1, errorCodes: { timeout: 1 } });
    expect(report.b).toMatchObject({
      cases: 6,
      scored: 4,
      errors: 2,
      errorCodes: { "rate-limit": 1, truncated: 1 },
    });
  });

  it("treats missing scores without an error code as a failure", () => {
    const r = compareRuns(
      run("a", "v1", [ok("x", 0.5)]),
      run("b", "v2", [{ ...ok("x", 0.5), scores: null }]),
    );
    expect(r.paired).toEqual([]);
    expect(r.failed).toEqual([{ caseId: "x", errorA: null, errorB: "no-scores" }]);
    expect(r.b.errorCodes).toEqual({ "no-scores": 1 });
  });

  it("warns about different datasets, duplicates and an empty pairing", () => {
    const r = compareRuns(
      run("a", "v1", [ok("x", 0.5), ok("x", 0.9)]),
      run("b", "v2", [ok("y", 0.5)], { dataset: "other" }),
    );
    expect(r.warnings.join("\n")).toMatch(/different datasets/);
    expect(r.warnings.join("\n")).toMatch(/duplicate case ids.*x/);
    expect(r.warnings.join("\n")).toMatch(/nothing to compare/);
    expect(r.summary).toMatchObject({ n: 0, meanA: null, meanB: null, meanDelta: null, deltaCi: null });
    expect(r.summary.grounding).toBeNull();
  });

  it("uses the first result of a duplicated case id", () => {
    const r = compareRuns(run("a", "v1", [ok("x", 0.5), ok("x", 0.9)]), run("b", "v2", [ok("x", 0.6)]));
    expect(r.paired[0]?.a).toBe(0.5);
  });
});

describe("compareRuns: arithmetic", () => {
  it("computes per-case deltas, means and grounding deltas", () => {
    const a = run("a", "v1", [
      ok("c1", 0.5, { grounding: 0.8 }),
      ok("c2", 0.6),
      ok("c3", 0.2, { grounding: 1 }),
    ]);
    const b = run("b", "v2", [
      ok("c1", 0.55, { grounding: 0.9 }),
      ok("c2", 0.5, { grounding: 0.7 }),
      ok("c3", 0.3, { grounding: 0.5 }),
    ]);
    const r = compareRuns(a, b);
    expect(r.paired.map((p) => p.delta)).toEqual([0.55 - 0.5, 0.5 - 0.6, 0.3 - 0.2]);
    expect(r.paired[0]).toMatchObject({ groundingA: 0.8, groundingB: 0.9 });
    expect(r.paired[0]?.groundingDelta).toBeCloseTo(0.1, 12);
    expect(r.paired[1]?.groundingDelta).toBeNull();
    expect(r.summary.meanA).toBeCloseTo((0.5 + 0.6 + 0.2) / 3, 12);
    expect(r.summary.meanB).toBeCloseTo((0.55 + 0.5 + 0.3) / 3, 12);
    expect(r.summary.meanDelta).toBeCloseTo(r.summary.meanB! - r.summary.meanA!, 12);
    expect(r.summary.grounding?.n).toBe(2);
    expect(r.summary.grounding?.meanA).toBeCloseTo(0.9, 12);
    expect(r.summary.grounding?.meanB).toBeCloseTo(0.7, 12);
    expect(r.summary.grounding?.meanDelta).toBeCloseTo(-0.2, 12);
  });

  it("uses the chosen metric's F1", () => {
    const a = run("a", "v1", [{ ...ok("c1", 0), scores: scores(0.1, { rougeLsum: 0.4, rouge2: 0.2 }) }]);
    const b = run("b", "v2", [{ ...ok("c1", 0), scores: scores(0.3, { rougeLsum: 0.35, rouge2: 0.25 }) }]);
    expect(compareRuns(a, b).paired[0]).toMatchObject({ a: 0.1, b: 0.3 });
    const lsum = compareRuns(a, b, { metric: "rougeLsum" });
    expect(lsum.metricLabel).toBe("ROUGE-Lsum");
    expect(lsum.paired[0]).toMatchObject({ a: 0.4, b: 0.35, outcome: "loss" });
    expect(compareRuns(a, b, { metric: "rouge2" }).paired[0]).toMatchObject({ a: 0.2, b: 0.25 });
    expect(compareRuns(a, b).metricLabel).toBe("ROUGE-L");
  });

  it("computes mean latency over recorded values and total cost", () => {
    const a = run("a", "v1", [
      ok("c1", 0.5, { latencyMs: 1000, costUsd: 0.002 }),
      ok("c2", 0.5, { latencyMs: 3000, costUsd: 0.003 }),
      failed("c3", "timeout", { latencyMs: 2000, costUsd: null }),
    ]);
    const b = run("b", "v2", [ok("c1", 0.5, { latencyMs: null, costUsd: null })]);
    const r = compareRuns(a, b);
    expect(r.a.meanLatencyMs).toBe(2000);
    expect(r.a.latencyCases).toBe(3);
    expect(r.a.totalCostUsd).toBeCloseTo(0.005, 12);
    expect(r.b.meanLatencyMs).toBeNull();
    expect(r.b.totalCostUsd).toBeNull();
  });
});

describe("compareRuns: wins, ties and losses", () => {
  it("counts |delta| ≤ epsilon as a tie, robust to float noise", () => {
    expect(outcomeOf(0.505 - 0.5, 0.005)).toBe("tie");
    expect(outcomeOf(-0.005, 0.005)).toBe("tie");
    expect(outcomeOf(0.0051, 0.005)).toBe("win");
    expect(outcomeOf(-0.0051, 0.005)).toBe("loss");
    expect(outcomeOf(0, 0)).toBe("tie");
  });

  it("tallies W/T/L with the default and a custom epsilon", () => {
    const a = run(
      "a",
      "v1",
      ["c1", "c2", "c3", "c4", "c5"].map((id) => ok(id, 0.5)),
    );
    const b = run("b", "v2", [
      ok("c1", 0.6),
      ok("c2", 0.504),
      ok("c3", 0.495),
      ok("c4", 0.49),
      ok("c5", 0.3),
    ]);
    expect(compareRuns(a, b).summary).toMatchObject({ wins: 1, ties: 2, losses: 2 });
    expect(compareRuns(a, b, { tieEpsilon: 0.02 }).summary).toMatchObject({ wins: 1, ties: 3, losses: 1 });
    expect(compareRuns(a, b, { tieEpsilon: 0 }).summary).toMatchObject({ wins: 2, ties: 0, losses: 3 });
  });
});

describe("compareRuns: confidence interval", () => {
  const a = run(
    "a",
    "v1",
    Array.from({ length: 30 }, (_, i) => ok(`c${i}`, 0.3 + (i % 7) * 0.05)),
  );
  const b = run(
    "b",
    "v2",
    Array.from({ length: 30 }, (_, i) => ok(`c${i}`, 0.3 + (i % 7) * 0.05 + ((i % 5) - 1) * 0.01)),
  );

  it("is deterministic for a seed and brackets the mean delta", () => {
    const r1 = compareRuns(a, b, { seed: 3 });
    const r2 = compareRuns(a, b, { seed: 3 });
    expect(r1.summary.deltaCi).toEqual(r2.summary.deltaCi);
    expect(compareRuns(a, b, { seed: 4 }).summary.deltaCi).not.toEqual(r1.summary.deltaCi);
    const ci = r1.summary.deltaCi!;
    expect(ci.samples).toBe(2000);
    expect(ci.low).toBeLessThanOrEqual(r1.summary.meanDelta!);
    expect(ci.high).toBeGreaterThanOrEqual(r1.summary.meanDelta!);
    expect(compareRuns(a, b, { bootstrapSamples: 500 }).summary.deltaCi?.samples).toBe(500);
  });

  it("gives a zero-width interval when every delta is equal", () => {
    const b2 = run(
      "b",
      "v2",
      a.results.map((r) => ok(r.caseId, r.scores!.rougeL.f + 0.02)),
    );
    const ci = compareRuns(a, b2).summary.deltaCi!;
    expect(ci.high - ci.low).toBeLessThan(1e-12);
  });

  it("rejects invalid options", () => {
    expect(() => compareRuns(a, b, { tieEpsilon: -1 })).toThrow(RangeError);
    expect(() => compareRuns(a, b, { bootstrapSamples: 0 })).toThrow(RangeError);
    expect(() => compareRuns(a, b, { worst: -1 })).toThrow(RangeError);
    expect(() => compareRuns(a, b, { metric: "bleu" as never })).toThrow(RangeError);
  });
});

describe("compareRuns: worst regressions", () => {
  const a = run(
    "a",
    "v1",
    ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"].map((id) =>
      ok(id, 0.6, { output: `A says ${id} fever` }),
    ),
  );
  const b = run("b", "v2", [
    ok("c1", 0.5, { output: "B says c1 cough" }), // −0.1
    ok("c2", 0.3), // −0.3
    ok("c3", 0.7), // win
    ok("c4", 0.598), // tie
    ok("c5", 0.4), // −0.2
    ok("c6", 0.4), // −0.2 (tie on delta: by case id)
    ok("c7", 0.55), // −0.05
    ok("c8", 0.59), // −0.01
  ]);

  it("lists the most negative deltas first, ties broken by case id, at most `worst`", () => {
    const r = compareRuns(a, b);
    expect(r.worst.map((w) => w.caseId)).toEqual(["c2", "c5", "c6", "c1", "c7"]);
    expect(compareRuns(a, b, { worst: 2 }).worst.map((w) => w.caseId)).toEqual(["c2", "c5"]);
    expect(compareRuns(a, b, { worst: 0 }).worst).toEqual([]);
    expect(compareRuns(a, b, { worst: 100 }).worst.map((w) => w.caseId)).toEqual([
      "c2",
      "c5",
      "c6",
      "c1",
      "c7",
      "c8",
    ]);
  });

  it("only lists losses, with outputs, reference and a word diff", () => {
    const r = compareRuns(a, b, { worst: 100 });
    expect(r.worst.every((w) => w.outcome === "loss")).toBe(true);
    const c1 = r.worst.find((w) => w.caseId === "c1")!;
    expect(c1).toMatchObject({
      outputA: "A says c1 fever",
      outputB: "B says c1 cough",
      reference: "reference of c1",
    });
    expect(c1.diff).toEqual([
      { op: "delete", text: "A" },
      { op: "insert", text: "B" },
      { op: "equal", text: " says c1 " },
      { op: "delete", text: "fever" },
      { op: "insert", text: "cough" },
    ]);
  });
});
