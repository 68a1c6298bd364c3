import { describe, expect, it } from "vitest";

import { scoreRouge } from "../../src/scoring/rouge";
import { scorePairLines } from "../../src/scoring/score-pairs";

async function* from(lines: string[]): AsyncIterable<string> {
  for (const line of lines) yield line;
}

async function run(lines: string[], stem = true) {
  const out: string[] = [];
  const err: string[] = [];
  const summary = await scorePairLines(
    from(lines),
    (l) => out.push(l),
    (l) => err.push(l),
    { stem },
  );
  return { out, err, summary };
}

describe("scorePairLines", () => {
  it("scores good lines in input order and keeps ids as given", async () => {
    const { out, err, summary } = await run([
      JSON.stringify({ id: "a", candidate: "the cat sat", reference: "the cat sat" }),
      JSON.stringify({ id: 7, candidate: "running fast", reference: "runs fast" }),
    ]);
    expect(summary).toEqual({ scored: 2, bad: 0 });
    expect(err).toEqual([]);
    const rows = out.map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(["a", 7]);
    expect(Object.keys(rows[0])).toEqual(["id", "rouge1", "rouge2", "rougeL", "rougeLsum", "variant"]);
    expect(rows[0].rouge1).toEqual({ p: 1, r: 1, f: 1 });
    expect(rows[1]).toEqual({
      id: 7,
      ...scoreRouge("running fast", "runs fast", { stem: true }),
      variant: "stemmed",
    });
    expect(rows[1].rouge1.f).toBe(1); // running/runs → run
  });

  it("honours stem: false", async () => {
    const { out } = await run(
      [JSON.stringify({ id: "x", candidate: "running fast", reference: "runs fast" })],
      false,
    );
    expect(JSON.parse(out[0]!).rouge1).toEqual({ p: 0.5, r: 0.5, f: 0.5 });
    expect(JSON.parse(out[0]!).variant).toBe("no stemming");
  });

  it("reports bad lines with their line number and skips them; ignores blank lines", async () => {
    const { out, err, summary } = await run([
      "",
      "not json",
      JSON.stringify({ id: "ok", candidate: "a b", reference: "a b" }),
      "   ",
      JSON.stringify([1, 2]),
      JSON.stringify({ candidate: "a", reference: "b" }),
      JSON.stringify({ id: true, candidate: "a", reference: "b" }),
      JSON.stringify({ id: "m", reference: "b" }),
      JSON.stringify({ id: "n", candidate: "a", reference: 3 }),
      JSON.stringify({ id: "last", candidate: "x", reference: "x" }),
    ]);
    expect(summary).toEqual({ scored: 2, bad: 6 });
    expect(out.map((l) => JSON.parse(l).id)).toEqual(["ok", "last"]);
    expect(err).toHaveLength(6);
    expect(err[0]).toMatch(/^line 2: not valid JSON/);
    expect(err[1]).toBe("line 5: expected a JSON object, got an array");
    expect(err[2]).toBe('line 6: missing "id"');
    expect(err[3]).toBe('line 7: "id" must be a string or a number, got a boolean');
    expect(err[4]).toBe('line 8: missing "candidate"');
    expect(err[5]).toBe('line 9: "reference" must be a string, got a number');
  });

  it("handles an empty input and a BOM on the first line", async () => {
    expect((await run([])).summary).toEqual({ scored: 0, bad: 0 });
    const bom = await run(["\uFEFF" + JSON.stringify({ id: 1, candidate: "a", reference: "a" })]);
    expect(bom.summary).toEqual({ scored: 1, bad: 0 });
  });
});
