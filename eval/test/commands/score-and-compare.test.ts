import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { FIXTURE_CASES, runCli, tempDir, writeJsonl } from "../support/run-cli";

describe("eval score", () => {
  it("writes one line of ROUGE scores per input pair, in order", async () => {
    const dir = tempDir();
    const input = writeJsonl(path.join(dir, "pairs.jsonl"), [
      { id: "a", candidate: "The patients were running.", reference: "the patient runs" },
      { id: 7, candidate: "", reference: "anything" },
    ]);
    const stemmed = await runCli(["score", "--input", input]);
    expect(stemmed.code).toBe(0);
    const lines = stemmed.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(["a", 7]);
    // With stemming: the/patient/were/run vs the/patient/run → 3 of 4, 3 of 3.
    expect(lines[0].rouge1.p).toBeCloseTo(3 / 4, 9);
    expect(lines[0].rouge1.r).toBeCloseTo(1, 9);
    expect(Object.keys(lines[0])).toEqual(["id", "rouge1", "rouge2", "rougeL", "rougeLsum", "variant"]);
    expect(lines[1].rougeL).toEqual({ p: 0, r: 0, f: 0 });

    const unstemmed = await runCli(["score", "--input", input, "--no-stem"]);
    expect(JSON.parse(unstemmed.stdout.split("\n")[0]!).rouge1.p).toBeCloseTo(1 / 4, 9);
  });

  it("reports bad lines on stderr with their line numbers and exits 1", async () => {
    const dir = tempDir();
    const input = path.join(dir, "pairs.jsonl");
    writeJsonl(input, [
      { id: "ok", candidate: "a b", reference: "a b" },
      { id: "bad", candidate: 3, reference: "x" },
    ]);
    writeFileSync(input, `${readFileSync(input, "utf8")}not json\n`);
    const result = await runCli(["score", "--input", input]);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/line 2: "candidate" must be a string/);
    expect(result.stderr).toMatch(/line 3: not valid JSON/);
  });

  it("fails clearly on a missing file", async () => {
    const result = await runCli(["score", "--input", "/nonexistent/pairs.jsonl"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No such file: /nonexistent/pairs.jsonl");
  });
});

describe("eval compare", () => {
  it("compares two runs as a terminal table, Markdown and a self-contained HTML report", async () => {
    const dir = tempDir();
    const env = { EVAL_DB: path.join(dir, "eval.sqlite") };
    const dataset = writeJsonl(path.join(dir, "cases.jsonl"), FIXTURE_CASES);
    for (const provider of ["lead-3", "embedded"]) {
      expect(
        (await runCli(["run", "--prompt", "v1", "--dataset", dataset, "--provider", provider], { env })).code,
      ).toBe(0);
    }
    const runs = await runCli(["runs"], { env });
    const [embeddedRun, leadRun] = [...runs.stdout.matchAll(/^([0-9a-f]{8})\s/gm)].map((match) => match[1]!);

    const terminal = await runCli(["compare", leadRun!, embeddedRun!, "--metric", "rougeLsum"], { env });
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toContain("ROUGE-Lsum F1");
    expect(terminal.stdout).toMatch(/B wins \/ ties \/ losses: \d+ \/ \d+ \/ \d+/);

    const markdown = await runCli(["compare", leadRun!, embeddedRun!, "--format", "markdown"], { env });
    expect(markdown.stdout).toMatch(/\| .* \|/);
    expect(markdown.stdout).toContain("ROUGE-L F1");

    const htmlFile = path.join(dir, "report.html");
    const html = await runCli(["compare", leadRun!, embeddedRun!, "--format", "html", "--output", htmlFile], {
      env,
    });
    expect(html.code).toBe(0);
    const page = readFileSync(htmlFile, "utf8");
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toContain("<svg");
    expect(page).not.toMatch(/<script|https?:\/\//i);
  });

  it("says which run reference it cannot find", async () => {
    const env = { EVAL_DB: path.join(tempDir(), "eval.sqlite") };
    const result = await runCli(["compare", "v1", "deadbeef"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No eval run matches "v1": no finished run of that prompt version');
  });
});
