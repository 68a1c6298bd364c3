import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { REPO, runCli, tempDir } from "../support/run-cli";

describe("promptfoo as a front end to the same prompts, providers and scorer", () => {
  it("evaluates the first cases of the team's dataset offline and records our ROUGE assertion", () => {
    const dir = tempDir();
    const output = path.join(dir, "results.json");
    const run = spawnSync(
      process.execPath,
      [
        "eval/scripts/promptfoo.ts",
        "eval",
        "-c",
        "promptfooconfig.yaml",
        "--no-cache",
        "--filter-first-n",
        "3",
        "-o",
        output,
      ],
      {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, PROMPTFOO_CONFIG_DIR: path.join(dir, ".promptfoo") },
        timeout: 120_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(output, "utf8")) as {
      results: {
        results: Array<{
          success: boolean;
          response: { output: string };
          gradingResult: { componentResults: Array<{ reason: string; score: number }> };
        }>;
      };
    };
    const rows = results.results.results;
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.response.output).toMatch(/^## /m);
      const [rouge] = row.gradingResult.componentResults;
      expect(rouge!.reason).toMatch(/^rougeLsum F1 0\.\d{4} \(threshold 0\.2\)$/);
      expect(rouge!.score).toBeGreaterThan(0);
    }
  });
});

describe("eval import", () => {
  it("converts an MTS-Dialog CSV into a dataset the runner loads", async () => {
    const dir = tempDir();
    const csv = path.join(dir, "mts.csv");
    writeFileSync(
      csv,
      'ID,section_header,section_text,dialogue\n0,GENHX,"Cough for two weeks, worse at night.","Doctor: What brings you in?\nPatient: A cough for two weeks, worse at night."\n',
    );
    const output = path.join(dir, "mts.jsonl");
    const converted = await runCli(["import", "--from", "mts-csv", "--input", csv, "--output", output]);
    expect(converted.code).toBe(0);
    const [line] = readFileSync(output, "utf8").trim().split("\n");
    expect(JSON.parse(line!)).toMatchObject({ id: "mts-dialog-0", section: "GENHX" });

    const run = await runCli(["run", "--prompt", "v1", "--dataset", output], {
      env: { EVAL_DB: path.join(dir, "eval.sqlite") },
    });
    expect(run.code).toBe(0);
  });

  it("names a missing column", async () => {
    const dir = tempDir();
    const csv = path.join(dir, "aci.csv");
    writeFileSync(csv, "dataset,encounter_id,dialogue\naci,D2N001,hello\n");
    const result = await runCli([
      "import",
      "--from",
      "aci-csv",
      "--input",
      csv,
      "--output",
      path.join(dir, "out.jsonl"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/note/);
  });
});
