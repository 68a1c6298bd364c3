import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { parsePromptFile } from "@consult-summary/core/prompts";
import { copyPrompts, FIXTURE_CASES, runCli, tempDir, writeJsonl } from "../support/run-cli";

const HEX = "a".repeat(64);

/** A new prompt version derived from v1, written into a prompts folder; returns its hash. */
function addVersion(promptsDir: string, version: string, edit: (text: string) => string): string {
  const v1 = readFileSync(path.join(promptsDir, "consultation-summary", "v1.md"), "utf8");
  const text = edit(v1.replace("version: v1", `version: ${version}`));
  writeFileSync(path.join(promptsDir, "consultation-summary", `${version}.md`), text);
  return parsePromptFile(version, text).hash;
}

function ratingsFor(version: string, hash: string, clarities: number[], promptId = "consultation-summary") {
  return clarities.map((clarity, index) => ({
    promptId,
    promptVersion: version,
    promptHash: hash,
    caseId: `case-${index}`,
    outputHash: HEX,
    rater: `rater-${index}@example.org`,
    clarity,
    comment: null,
    ratedAt: "2026-11-20T10:00:00.000Z",
  }));
}

describe("rating outputs and moving ratings through committed files", () => {
  const dir = tempDir();
  const env = { EVAL_DB: path.join(dir, "eval.sqlite") };
  const dataset = writeJsonl(path.join(dir, "cases.jsonl"), FIXTURE_CASES);
  const ratingsDir = path.join(dir, "ratings");

  it("records ratings typed in the terminal, skipping and quitting on request", async () => {
    expect((await runCli(["run", "--prompt", "v1", "--dataset", dataset], { env })).code).toBe(0);
    const session = await runCli(["rate", "--prompt", "v1", "--rater", "alice@example.org"], {
      env,
      input: "5\nVery clear\ns\nseven\n4\n\n",
    });
    expect(session.code).toBe(0);
    expect(session.stdout).toContain("── Consultation");
    expect(session.stdout).toContain("Please type a digit from 1 to 5, s or q.");
    expect(session.stdout).toContain("Saved 2 rating(s) by alice@example.org.");

    const again = await runCli(["rate", "--prompt", "v1", "--rater", "alice@example.org"], {
      env,
      input: "q\n",
    });
    expect(again.stdout).toContain("Case t-2 (1 of 1)");
  });

  it("exports to JSONL, imports idempotently, and refuses files with bad lines", async () => {
    const exported = await runCli(["ratings", "export", "--prompt", "v1", "--dir", ratingsDir], { env });
    expect(exported.code).toBe(0);
    const file = path.join(ratingsDir, "consultation-summary-v1.jsonl");
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.caseId, line.clarity, line.comment])).toEqual([
      ["t-1", 5, "Very clear"],
      ["t-3", 4, null],
    ]);

    const freshEnv = { EVAL_DB: path.join(tempDir(), "eval.sqlite") };
    const first = await runCli(["ratings", "import", file], { env: freshEnv });
    expect(first.stdout).toContain("Imported 2 ratings (0 already present)");
    const second = await runCli(["ratings", "import", file], { env: freshEnv });
    expect(second.stdout).toContain("Imported 0 ratings (2 already present)");

    const bad = path.join(dir, "bad.jsonl");
    writeFileSync(bad, `${JSON.stringify({ ...lines[0], clarity: 9 })}\n{oops\n`);
    const refused = await runCli(["ratings", "import", bad], { env: freshEnv });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("nothing was imported");
    expect(refused.stderr).toMatch(/bad\.jsonl:1: clarity/);
    expect(refused.stderr).toMatch(/bad\.jsonl:2: not valid JSON/);
  });
});

describe("the deploy gate and promote", () => {
  const dir = tempDir();
  const promptsDir = copyPrompts();
  const ratingsDir = path.join(dir, "ratings");
  const config = path.join(dir, "gate.config.json");
  const env = () => ({ EVAL_DB: path.join(tempDir(), "eval.sqlite") });
  const gate = (version: string, extra: string[] = []) =>
    runCli(
      [
        "--prompts-dir",
        promptsDir,
        "gate",
        "--prompt",
        version,
        "--config",
        config,
        "--ratings-dir",
        ratingsDir,
        ...extra,
      ],
      {
        env: env(),
      },
    );

  beforeAll(() => {
    const dataset = writeJsonl(path.join(dir, "cases.jsonl"), FIXTURE_CASES);
    writeFileSync(
      config,
      JSON.stringify({
        promptId: "consultation-summary",
        clarityTarget: 4.5,
        minRatings: 3,
        dataset,
        provider: "embedded",
        metric: "rougeLsum",
        rougeTolerance: 0.02,
      }),
    );
    const reworded = (text: string) =>
      text.replace("careful clinical documentation assistant", "meticulous clinical scribe");
    const clear = addVersion(promptsDir, "v2", reworded);
    const unclear = addVersion(promptsDir, "v4", (text) =>
      reworded(text).replace("short bullet points", "brief bullets"),
    );
    const fewRatings = addVersion(promptsDir, "v5", (text) =>
      text.replace("short bullet points", "terse bullets"),
    );
    // v3 drops every section but the chief complaint: its summaries lose most of the reference.
    const narrow = addVersion(promptsDir, "v3", (text) =>
      text.replace(
        /sections:\n[\s\S]*?\n---/,
        "sections:\n  - key: chief_complaint\n    title: Chief complaint\n---",
      ),
    );
    mkdirSync(ratingsDir, { recursive: true });
    writeJsonl(path.join(ratingsDir, "fixture.jsonl"), [
      ...ratingsFor("v2", clear, [5, 5, 4]),
      ...ratingsFor("v4", unclear, [4, 3, 3]),
      ...ratingsFor("v5", fewRatings, [5]),
      ...ratingsFor("v3", narrow, [5, 5, 5]),
    ]);
  });

  it("passes a clearly rated version with no ROUGE regression", async () => {
    const markdown = path.join(dir, "gate.md");
    const result = await gate("v2", ["--markdown", markdown]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Gate for prompt v2: PASS");
    expect(result.stdout).toMatch(
      /human clarity\s+4\.67 \/ 5 over 3 ratings\s+≥ 4\.5 over ≥ 3 ratings\s+PASS/,
    );
    expect(readFileSync(markdown, "utf8")).toContain("### Prompt gate for v2: PASS");
  });

  it("fails a version rated below the clarity target", async () => {
    const result = await gate("v4");
    expect(result.code).toBe(100);
    expect(result.stdout).toContain("mean clarity 3.33 is below the 4.5 target");
  });

  it("fails a well-rated version whose ROUGE regressed beyond tolerance", async () => {
    const result = await gate("v3");
    expect(result.code).toBe(100);
    expect(result.stdout).toMatch(/ROUGE-Lsum F1 \(stemmed\) on .*FAIL\s+0\.\d+ below the deployed version/);
  });

  it("cannot evaluate a version with too few human ratings, or an unknown version", async () => {
    const few = await gate("v5");
    expect(few.code).toBe(101);
    expect(few.stdout).toContain("could not evaluate: 1 of 3 required human ratings");
    const unknown = await gate("v9");
    expect(unknown.code).toBe(101);
    expect(unknown.stdout).toContain("unknown prompt version v9");
  });

  it("promotes only a version that passes, releasing it", async () => {
    const deployed = () =>
      JSON.parse(readFileSync(path.join(promptsDir, "deployed.json"), "utf8"))["consultation-summary"];
    const lock = () => JSON.parse(readFileSync(path.join(promptsDir, "prompts.lock.json"), "utf8"));
    const args = (version: string) => [
      "--prompts-dir",
      promptsDir,
      "promote",
      "--prompt",
      version,
      "--config",
      config,
      "--ratings-dir",
      ratingsDir,
    ];

    const refused = await runCli(args("v4"), { env: env() });
    expect(refused.code).toBe(100);
    expect(refused.stdout).toContain("Not promoted");
    expect(deployed()).toBe("v1");
    expect(lock()["consultation-summary/v4.md"]).toBeUndefined();

    const promoted = await runCli(args("v2"), { env: env() });
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain("Deployed consultation-summary v2 (was v1)");
    expect(deployed()).toBe("v2");
    expect(lock()["consultation-summary/v2.md"]).toMatch(/^[0-9a-f]{64}$/);
    expect(lock()["consultation-summary/v5.md"]).toBeUndefined();
  });

  it("gates a new prompt id's first version like any version, and promote deploys it once it passes", async () => {
    const pointers = () => JSON.parse(readFileSync(path.join(promptsDir, "deployed.json"), "utf8"));
    const letter = parsePromptFile(
      "v1",
      readFileSync(path.join(promptsDir, "referral-letter", "v1.md"), "utf8"),
    );
    expect(pointers()["referral-letter"]).toBeUndefined();
    const promote = (ratings: string) =>
      runCli(
        [
          "--prompts-dir",
          promptsDir,
          "--prompt-id",
          "referral-letter",
          "promote",
          "--prompt",
          "v1",
          "--config",
          config,
          "--ratings-dir",
          ratings,
        ],
        { env: env() },
      );

    const unrated = await promote(tempDir("eval-no-ratings-"));
    expect(unrated.code).toBe(101);
    expect(unrated.stdout).toContain("could not evaluate: 0 of 3 required human ratings");
    expect(unrated.stdout).toContain("Not promoted");
    expect(pointers()["referral-letter"]).toBeUndefined();

    const unclearDir = tempDir("eval-unclear-");
    writeJsonl(
      path.join(unclearDir, "letter.jsonl"),
      ratingsFor("v1", letter.hash, [5, 4, 3], "referral-letter"),
    );
    const unclear = await promote(unclearDir);
    expect(unclear.code).toBe(100);
    expect(pointers()["referral-letter"]).toBeUndefined();

    const clearDir = tempDir("eval-clear-");
    writeJsonl(
      path.join(clearDir, "letter.jsonl"),
      ratingsFor("v1", letter.hash, [5, 5, 4], "referral-letter"),
    );
    const promoted = await promote(clearDir);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toMatch(/no deployed referral-letter version to compare with\s+PASS/);
    expect(promoted.stdout).toContain("Deployed referral-letter v1 (its first deployed version)");
    expect(pointers()).toMatchObject({ "referral-letter": "v1", "consultation-summary": "v2" });
  });
});
