// --prompt-id: the eval runs, compares and gates the versions of any prompt id, and the embedded
// writer writes each prompt's format.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { FIXTURE_CASES, runCli, tempDir, writeJsonl } from "../support/run-cli";

function outputsOf(dbFile: string): Array<{ prompt_id: string; output: string }> {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db
      .prepare(
        "select r.prompt_id, o.output from eval_results o join eval_runs r on r.id = o.run_id order by o.case_id",
      )
      .all() as Array<{ prompt_id: string; output: string }>;
  } finally {
    db.close();
  }
}

describe("eval --prompt-id", () => {
  const dir = tempDir();
  const dataset = writeJsonl(path.join(dir, "cases.jsonl"), FIXTURE_CASES);

  it.each([
    ["referral-letter", /^Dear colleague,\n[\s\S]*\nThank you for seeing this patient\.$/],
    ["after-visit-summary", /^## /],
  ])("runs %s v1 in its own format and records its prompt id", async (promptId, shape) => {
    const env = { EVAL_DB: path.join(dir, `${promptId}.sqlite`) };
    const result = await runCli(["--prompt-id", promptId, "run", "--prompt", "v1", "--dataset", dataset], {
      env,
    });
    expect(result.code).toBe(0);
    const outputs = outputsOf(env.EVAL_DB);
    expect(outputs).toHaveLength(FIXTURE_CASES.length);
    for (const { prompt_id, output } of outputs) {
      expect(prompt_id).toBe(promptId);
      expect(output).toMatch(shape);
    }
    const compared = await runCli(["--prompt-id", promptId, "compare", "v1", "v1", "--format", "markdown"], {
      env,
    });
    expect(compared.code).toBe(0);
    const otherId = await runCli(["compare", "v1", "v1"], { env });
    expect(otherId.code).toBe(1);
    expect(otherId.stderr).toMatch(/no finished run of that prompt version/);
  });

  it("gates a prompt id's version with the same thresholds: no ratings, cannot evaluate", async () => {
    const env = { EVAL_DB: path.join(dir, "gate.sqlite") };
    const noRatings = tempDir("eval-no-ratings-");
    const result = await runCli(
      ["--prompt-id", "referral-letter", "gate", "--prompt", "v1", "--ratings-dir", noRatings],
      {
        env,
      },
    );
    expect(result.code).toBe(101);
    expect(result.stdout).toMatch(/0 of 20 required human ratings/);
  });

  it("imports each rating under its own prompt id and exports a version's file with that id's ratings only", async () => {
    const env = { EVAL_DB: path.join(dir, "ratings.sqlite") };
    const line = (promptId: string, rater: string) =>
      JSON.stringify({
        promptId,
        promptVersion: "v1",
        promptHash: (promptId === "referral-letter" ? "a" : "b").repeat(64),
        caseId: "cs-001",
        outputHash: "c".repeat(64),
        rater,
        clarity: 5,
        comment: null,
        ratedAt: "2026-12-06T10:00:00.000Z",
      });
    const web = path.join(dir, "web-ratings.jsonl");
    writeFileSync(web, `${line("consultation-summary", "ann")}\n${line("referral-letter", "bob")}\n`);
    expect((await runCli(["ratings", "import", web], { env })).stdout).toContain("Imported 2 ratings");
    const db = new Database(env.EVAL_DB, { readonly: true });
    const stored = db.prepare("select prompt_id, rater from ratings order by rater").all();
    db.close();
    expect(stored).toEqual([
      { prompt_id: "consultation-summary", rater: "ann" },
      { prompt_id: "referral-letter", rater: "bob" },
    ]);

    const out = tempDir("eval-ratings-export-");
    const raters = (file: string) =>
      readFileSync(path.join(out, file), "utf8")
        .trimEnd()
        .split("\n")
        .map((text) => (JSON.parse(text) as { promptId: string; rater: string }).rater);
    expect(
      (
        await runCli(
          ["--prompt-id", "referral-letter", "ratings", "export", "--prompt", "v1", "--dir", out],
          { env },
        )
      ).code,
    ).toBe(0);
    expect(raters("referral-letter-v1.jsonl")).toEqual(["bob"]);
    expect((await runCli(["ratings", "export", "--dir", out], { env })).code).toBe(0);
    expect(raters("consultation-summary-v1.jsonl")).toEqual(["ann"]);
  });

  it("refuses an unknown prompt id with a clear message", async () => {
    const result = await runCli(["--prompt-id", "discharge", "run", "--prompt", "v1", "--dataset", dataset], {
      env: { EVAL_DB: path.join(dir, "unknown.sqlite") },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/discharge/);
  });
});
