import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listPromptVersions, SUMMARY_PROMPT_ID } from "@consult-summary/core/prompts";
import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { FIXTURE_CASES, runCli, tempDir, writeJsonl } from "../support/run-cli";

function store(dir: string) {
  return path.join(dir, "eval.sqlite");
}

function query<T>(dbFile: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe("eval run with the embedded summarizer", () => {
  const dir = tempDir();
  const dataset = writeJsonl(path.join(dir, "cases.jsonl"), FIXTURE_CASES);
  const env = { EVAL_DB: store(dir) };

  it("runs every case, stores output, scores, tokens, cost and latency, and prints the aggregates", async () => {
    const result = await runCli(["run", "--prompt", "v1", "--dataset", dataset], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^prompt\s+run\s+cases\s+errors\s+cached\s+R1 F1/m);
    expect(result.stderr).toContain("3/3 100%");

    const [run] = query<{
      id: string;
      status: string;
      aggregates: string;
      dataset_hash: string;
      prompt_hash: string;
    }>(store(dir), "select * from eval_runs");
    expect(run!.status).toBe("finished");
    expect(run!.prompt_hash).toMatch(/^[0-9a-f]{64}$/);
    const aggregates = JSON.parse(run!.aggregates) as { cases: number; errors: number; rougeLsum: number };
    expect(aggregates).toMatchObject({ cases: 3, errors: 0 });
    expect(aggregates.rougeLsum).toBeGreaterThan(0.2);

    const results = query<{
      case_id: string;
      output: string;
      scores: string;
      input_tokens: number;
      cost_usd: number;
      latency_ms: number;
      grounding: number;
      fact_support: number;
      fact_issues: string;
      conversational: number;
    }>(store(dir), "select * from eval_results order by case_id");
    expect(results.map((row) => row.case_id)).toEqual(["t-1", "t-2", "t-3"]);
    for (const row of results) {
      expect(row.output.length).toBeGreaterThan(0);
      expect(JSON.parse(row.scores)).toHaveProperty("rougeLsum.f");
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(row.cost_usd).toBe(0);
      expect(row.latency_ms).toBeGreaterThanOrEqual(0);
      expect(row.grounding).toBe(1);
      expect(row.fact_support).toBeGreaterThanOrEqual(0);
      expect(row.fact_support).toBeLessThanOrEqual(1);
      expect(row.conversational).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(JSON.parse(row.fact_issues))).toBe(true);
    }
    // A section-level case asks for that section only: plain prose, no headings.
    expect(results[2]!.output).not.toContain("##");
    expect(results[2]!.output).toContain("Metformin 500 mg");
  });

  it("answers a rerun from the cache and never changes a finished run", async () => {
    const result = await runCli(["run", "--prompt", "v1", "--dataset", dataset], { env });
    expect(result.code).toBe(0);
    const runs = query<{ id: string; aggregates: string }>(
      store(dir),
      "select * from eval_runs order by started_at",
    );
    expect(runs).toHaveLength(2);
    expect(JSON.parse(runs[1]!.aggregates)).toMatchObject({ cases: 3, cached: 3 });

    const db = new Database(store(dir));
    expect(() =>
      db.prepare("update eval_results set output = 'edited' where run_id = ?").run(runs[0]!.id),
    ).toThrow(/finished and immutable/);
    expect(() => db.prepare("delete from eval_runs where id = ?").run(runs[0]!.id)).toThrow(
      /finished and immutable/,
    );
    db.close();
  });

  it("records and prints which ROUGE variant a run scored", async () => {
    const result = await runCli(["run", "--prompt", "v1", "--dataset", dataset, "--no-stem"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\sno stemming\s/);
    const runs = query<{ params: string }>(store(dir), "select params from eval_runs order by started_at");
    expect(runs.map((run) => (JSON.parse(run.params) as { stem: boolean }).stem)).toEqual([
      true,
      true,
      false,
    ]);
    const listed = await runCli(["runs"], { env });
    expect(listed.stdout).toMatch(/\sno stemming\s/);
    expect(listed.stdout).toMatch(/\sstemmed\s/);
  });

  it("reports every bad dataset line with file and line number, and runs nothing", async () => {
    const bad = path.join(dir, "bad.jsonl");
    writeJsonl(bad, [
      FIXTURE_CASES[0],
      { id: "x", notes: "", reference: "r" },
      { id: "t-1", notes: "n", reference: "r" },
    ]);
    const result = await runCli(["run", "--prompt", "v1", "--dataset", bad], {
      env: { EVAL_DB: store(tempDir()) },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.jsonl:2/);
    expect(result.stderr).toMatch(/bad\.jsonl:3/);
  });

  it("refuses an unknown prompt version and an unknown provider with a clear message", async () => {
    const unknown = await runCli(["run", "--prompt", "v9", "--dataset", dataset], { env });
    expect(unknown.code).toBe(1);
    const known = listPromptVersions(SUMMARY_PROMPT_ID).join(", ");
    expect(unknown.stderr).toContain(`Unknown prompt version "v9". Known: ${known}.`);
    const provider = await runCli(["run", "--prompt", "v1", "--dataset", dataset, "--provider", "gpt"], {
      env,
    });
    expect(provider.code).toBe(1);
    expect(provider.stderr).toContain("--provider must be one of embedded, openai, lead-3, copy");
  });

  it("runs the baselines as providers", async () => {
    for (const provider of ["lead-3", "copy"]) {
      const result = await runCli(["run", "--prompt", "v1", "--dataset", dataset, "--provider", provider], {
        env,
      });
      expect(result.code).toBe(0);
    }
    const outputs = query<{ provider: string; output: string }>(
      store(dir),
      "select r.provider, e.output from eval_results e join eval_runs r on r.id = e.run_id where e.case_id = 't-1' and r.provider in ('lead-3', 'copy')",
    );
    expect(outputs.find((row) => row.provider === "copy")!.output).toBe(FIXTURE_CASES[0]!.notes);
    expect(outputs.find((row) => row.provider === "lead-3")!.output.split("\n")).toEqual([
      "What brings you in?",
      "I have had a sore throat for three days and a fever of 38.5.",
      "Your tonsils are swollen with white patches.",
    ]);
  });
});

describe("eval run with a model behind an OpenAI-compatible server", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ defaultStep: { type: "stream", tokens: tokensOf("## Plan\n- Rest.\n") } });
  });
  afterAll(async () => {
    await fake.close();
  });

  function openaiEnv(dir: string) {
    return { EVAL_DB: store(dir), OPENAI_API_KEY: "sk-eval", OPENAI_BASE_URL: fake.url };
  }

  it("records a failing case as an error and finishes the run", async () => {
    const dir = tempDir();
    const dataset = writeJsonl(path.join(dir, "cases.jsonl"), FIXTURE_CASES);
    fake.script({ type: "error", status: 401 });
    const result = await runCli(
      ["run", "--prompt", "v1", "--dataset", dataset, "--provider", "openai", "--concurrency", "1"],
      {
        env: openaiEnv(dir),
      },
    );
    expect(result.code).toBe(0);
    const rows = query<{ case_id: string; error_code: string | null; cost_usd: number | null }>(
      store(dir),
      "select case_id, error_code, cost_usd from eval_results order by case_id",
    );
    expect(rows.map((row) => row.error_code)).toEqual(["upstream_auth", null, null]);
    // The fake model's "Rest." is supported by t-2's notes ("ice, rest and ibuprofen"), not by t-3's.
    const ungrounded = query<{ case_id: string; ungrounded: string }>(
      store(dir),
      "select case_id, ungrounded from eval_results where error_code is null order by case_id",
    );
    expect(ungrounded.map((row) => JSON.parse(row.ungrounded))).toEqual([[], ["Rest."]]);
    expect(rows[1]!.cost_usd).toBeGreaterThan(0);
    expect(query<{ status: string }>(store(dir), "select status from eval_runs")[0]!.status).toBe("finished");
  });

  it("stores the fact check's issues and the register of an output that states a number the notes never say", async () => {
    const dir = tempDir();
    const dataset = writeJsonl(path.join(dir, "cases.jsonl"), [FIXTURE_CASES[0]]);
    fake.script({
      type: "stream",
      tokens: tokensOf(
        "## Assessment\n- Tonsillitis.\n\n## Plan\n- Penicillin V 750 mg four times a day.\n- Do you have any allergies?\n",
      ),
    });
    const result = await runCli(["run", "--prompt", "v1", "--dataset", dataset, "--provider", "openai"], {
      env: openaiEnv(dir),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/RLsum F1\s+ROUGE\s+grounded\s+fact support\s+conversational\s+judge/);
    expect(result.stdout).toMatch(/\sstemmed\s+\S+\s+0\.333\s+0\.333\s/);
    const [row] = query<{
      fact_support: number;
      fact_issues: string;
      conversational: number;
      conversational_lines: string;
    }>(
      store(dir),
      "select fact_support, fact_issues, conversational, conversational_lines from eval_results",
    );
    // Three sentences: "Tonsillitis." is supported; "750" is never said; the question is not a finding.
    expect(row!.fact_support).toBeCloseTo(1 / 3, 9);
    const issues = JSON.parse(row!.fact_issues) as Array<{
      line: string;
      kind: string;
      claim: string;
      reason: string;
    }>;
    expect(issues).toContainEqual({
      line: "Penicillin V 750 mg four times a day.",
      kind: "number",
      claim: "750",
      reason: "the notes never say 750",
    });
    expect(issues.filter((issue) => issue.line === "Tonsillitis.")).toEqual([]);
    expect(
      issues.some((issue) => issue.kind === "question" && issue.line === "Do you have any allergies?"),
    ).toBe(true);
    expect(row!.conversational).toBeCloseTo(1 / 3, 9);
    expect(JSON.parse(row!.conversational_lines)).toEqual([
      {
        line: "Do you have any allergies?",
        cues: [
          { cue: "second_person", word: "you" },
          { cue: "question", word: "?" },
        ],
      },
    ]);
    const [run] = query<{ aggregates: string; params: string }>(
      store(dir),
      "select aggregates, params from eval_runs",
    );
    expect(JSON.parse(run!.aggregates)).toMatchObject({ factSupport: 1 / 3, conversational: 1 / 3 });
    expect(JSON.parse(run!.params)).toMatchObject({ stem: true });

    const runs = await runCli(["runs"], { env: openaiEnv(dir) });
    expect(runs.stdout).toMatch(/RLsum F1\s+ROUGE\s+fact support\s+conversational\s+started/);
    expect(runs.stdout).toMatch(/\sstemmed\s+0\.333\s+0\.333\s/);
  });

  it("resumes after Ctrl-C without paying again for the cases already done", async () => {
    const dir = tempDir();
    const many = Array.from({ length: 12 }, (_, index) => ({
      ...FIXTURE_CASES[1]!,
      id: `case-${index}`,
      notes: `${FIXTURE_CASES[1]!.notes}\nDoctor: This is visit ${index}.`,
    }));
    const dataset = writeJsonl(path.join(dir, "many.jsonl"), many);
    const before = fake.calls.length;
    fake.setDefault({
      type: "stream",
      tokens: tokensOf("## Plan\n- Rest and ice the knee.\n"),
      tokenDelayMs: 40,
    });
    const args = [
      "run",
      "--prompt",
      "v1",
      "--dataset",
      dataset,
      "--provider",
      "openai",
      "--concurrency",
      "2",
    ];
    const first = runCli(args, { env: openaiEnv(dir) });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (/[3-9]\/12|1[0-2]\/12/.test(first.output()) || fake.calls.length - before >= 4) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    first.child.kill("SIGINT");
    const interrupted = await first;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain("Run the same command again to resume");
    const stored = query<{ n: number }>(store(dir), "select count(*) as n from eval_results")[0]!.n;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(12);
    expect(query<{ status: string }>(store(dir), "select status from eval_runs")[0]!.status).toBe(
      "interrupted",
    );

    fake.setDefault({ type: "stream", tokens: tokensOf("## Plan\n- Rest and ice the knee.\n") });
    const callsBeforeResume = fake.calls.length;
    const resumed = await runCli(args, { env: openaiEnv(dir) });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resumed, ${stored} done before`);
    expect(fake.calls.length - callsBeforeResume).toBe(12 - stored);
    const runs = query<{ status: string }>(store(dir), "select status from eval_runs");
    expect(runs).toEqual([{ status: "finished" }]);
    expect(query<{ n: number }>(store(dir), "select count(*) as n from eval_results")[0]!.n).toBe(12);
  });

  it("grades clarity with a model when asked", async () => {
    const dir = tempDir();
    const dataset = writeJsonl(path.join(dir, "cases.jsonl"), FIXTURE_CASES.slice(0, 1));
    fake.setDefault({ type: "stream", tokens: tokensOf("## Plan\n- Rest.\n") });
    fake.script({ type: "stream", tokens: ["4"] });
    const result = await runCli(["run", "--prompt", "v1", "--dataset", dataset, "--judge"], {
      env: { ...openaiEnv(dir), EVAL_JUDGE_MODEL: "judge-model" },
    });
    expect(result.code).toBe(0);
    expect(
      query<{ judge_clarity: number }>(store(dir), "select judge_clarity from eval_results")[0]!
        .judge_clarity,
    ).toBe(4);
    expect(fake.calls.at(-1)!.body.model).toBe("judge-model");
  });
});
