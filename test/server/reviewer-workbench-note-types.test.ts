// The reviewer workbench covers every note type (ADR 015): /review lists each prompt id's versions,
// and a draft's version (the referral letter, not deployed) is rated through the queue over real
// HTTP on the built server. Its ratings are stored durably under its own prompt id, counted by the
// gate (which passes at the 20th rating and fails when later ratings pull the mean under 4.5),
// exported in /admin/ratings.jsonl, and imported by the eval CLI under the same prompt id, where
// `eval gate` passes too.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, type TestClerk } from "../support/clerk";
import { queryServerDatabase } from "../support/server-database";
import { type WebSession, signedInSession, ratingFormFields } from "../support/web-session";

const ROOT = path.resolve(import.meta.dirname, "../..");
const GATE_DATASET = "datasets/consultations.jsonl";
const LETTER_QUEUE = "/review/queue?promptId=referral-letter&version=v1";
const COMMENT = "Reason for referral is clear.";

let clerk: TestClerk;
let server: AppServer;
let fixtureDir: string;
let evalDb: string;
/** The eval store as the CLI left it, before the server copied any rating into it. */
let runsOnlyStore: string;

const evalEnv = (db: string) => ({
  NODE_ENV: "test" as const,
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  EVAL_DB: db,
});

function evalCli(args: string[], db: string): string {
  return execFileSync(process.execPath, ["eval/scripts/eval.ts", ...args], {
    cwd: ROOT,
    env: evalEnv(db),
    encoding: "utf8",
  });
}

function sessionFor(sub: string, role: string): WebSession {
  return signedInSession(server.url, clerk.sign({ sub, metadata: { role } }));
}

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/** The visible text of one version's row in one note type's table on /review. */
async function rowText(promptId: string, version: string): Promise<string> {
  const html = await sessionFor("user_watcher", "reviewer").page("/review");
  const row = new RegExp(
    `<tr[^>]*data-prompt-id="${promptId}" data-version="${version}"[\\s\\S]*?</tr>`,
  ).exec(html)?.[0];
  if (!row) throw new Error(`no row for ${promptId} ${version}`);
  return textOf(row);
}

/** Rates the first unrated output of the letter's queue, as the page shows it. */
async function rateNextLetter(reviewer: WebSession, clarity: number, comment = ""): Promise<Response> {
  const fields = ratingFormFields(await reviewer.page(LETTER_QUEUE));
  return reviewer.postForm(LETTER_QUEUE, { ...fields, clarity: String(clarity), comment });
}

async function exportedLines(): Promise<Array<Record<string, unknown>>> {
  const response = await sessionFor("user_admin", "admin").get("/admin/ratings.jsonl");
  expect(response.status).toBe(200);
  const body = await response.text();
  return body
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const lockedHash = (key: string) =>
  (JSON.parse(readFileSync(path.join(ROOT, "prompts/prompts.lock.json"), "utf8")) as Record<string, string>)[
    key
  ];

beforeAll(async () => {
  fixtureDir = mkdtempSync(path.join(tmpdir(), "consult-summary-review-types-"));
  evalDb = path.join(fixtureDir, "eval.sqlite");
  // The draft letter on the gate's own dataset and provider, so its gate can be worked out; the
  // clinical note on a few cases of it, so its queue has something too.
  evalCli(["--prompt-id", "referral-letter", "run", "--prompt", "v1", "--dataset", GATE_DATASET], evalDb);
  const few = path.join(fixtureDir, "cases.jsonl");
  const lines = readFileSync(path.join(ROOT, GATE_DATASET), "utf8").split("\n").filter(Boolean);
  writeFileSync(few, `${lines.slice(0, 3).join("\n")}\n`);
  evalCli(["run", "--prompt", "v1", "--dataset", few], evalDb);
  runsOnlyStore = path.join(fixtureDir, "runs-only.sqlite");
  copyFileSync(evalDb, runsOnlyStore);

  clerk = createTestClerk();
  server = await startAppServer({ env: { ...clerk.env, EVAL_DB: evalDb } });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("every note type on /review", () => {
  it("lists each prompt id's versions, deployed or draft, with ratings and gate status", async () => {
    const html = await sessionFor("user_r", "reviewer").page("/review");
    for (const promptId of ["consultation-summary", "referral-letter", "after-visit-summary"]) {
      expect(html).toContain(`data-prompt-id="${promptId}"`);
    }
    const text = textOf(html);
    expect(text).toContain("Referral letter referral-letter draft — not deployed");
    expect(text).toContain("Patient after-visit summary after-visit-summary draft — not deployed");
    expect(text).not.toContain("Clinical note consultation-summary draft");

    const note = await rowText("consultation-summary", "v1");
    expect(note).toContain("deployed");
    const letter = await rowText("referral-letter", "v1");
    expect(letter).toContain("draft");
    expect(letter).toContain("0 ratings");
    expect(letter).toContain("needs 20 more ratings");
    expect(letter).toContain("not evaluated (0 of 20 required human ratings");
    expect(html).toContain('href="/review/queue?promptId=referral-letter&amp;version=v1"');
    // A draft has no deployed version to be compared with blind.
    expect(letter).not.toContain("Blind vs");
    const summary = await rowText("after-visit-summary", "v1");
    expect(summary).toContain("no finished run");
  });
});

describe("the queue's prompt id", () => {
  it("answers a malformed id 400 and an unknown one 404, each a page with its code and message", async () => {
    const reviewer = sessionFor("user_r", "reviewer");
    const malformed = await reviewer.get("/review/queue?promptId=Referral%20Letter!&version=v1");
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toContain("text/html");
    const malformedText = textOf(await malformed.text());
    expect(malformedText).toContain("Cannot show this review queue");
    expect(malformedText).toContain("invalid_prompt_id");

    const unknown = await reviewer.get("/review/queue?promptId=discharge-letter&version=v1");
    expect(unknown.status).toBe(404);
    const unknownText = textOf(await unknown.text());
    expect(unknownText).toContain("unknown_prompt_id");
    expect(unknownText).toContain('There is no note type with prompt id "discharge-letter"');
    expect(unknownText).toContain("referral-letter");

    const badVersion = await reviewer.get("/review/queue?promptId=referral-letter&version=latest");
    expect(badVersion.status).toBe(400);
    expect(textOf(await badVersion.text())).toContain("invalid_version");

    // A form posted to an unknown note type's queue (with the token a queue page gave) is refused too.
    const fields = ratingFormFields(await reviewer.page(LETTER_QUEUE));
    const posted = await reviewer.postForm("/review/queue?promptId=discharge-letter&version=v1", {
      ...fields,
      clarity: "5",
    });
    expect(posted.status).toBe(404);
    await posted.body?.cancel();
  });

  it("says how to run a draft's version that has no run yet, with its prompt id", async () => {
    const text = textOf(
      await sessionFor("user_r", "reviewer").page("/review/queue?promptId=after-visit-summary&version=v1"),
    );
    expect(text).toContain(
      "npm run eval -- --prompt-id after-visit-summary run --prompt v1 --dataset datasets/consultations.jsonl",
    );
  });

  it("stays closed to clinicians, whatever the prompt id", async () => {
    const clinician = sessionFor("user_c", "clinician");
    const response = await clinician.get(LETTER_QUEUE);
    expect(response.status).toBe(404);
    expect(textOf(await response.text())).not.toContain("unknown_prompt_id");
  });
});

describe("rating a draft referral letter in the workbench", () => {
  it("stores the rating under its prompt id, moves the count, the export and the gate, and the eval CLI counts it", async () => {
    const reviewer = sessionFor("user_letters", "reviewer");
    const page = await reviewer.page(LETTER_QUEUE);
    const text = textOf(page);
    expect(text).toContain("Review queue: v1 (Referral letter, draft)");
    expect(text).toContain("32 of 32 outputs left to rate");
    expect(text).toContain("Dear colleague"); // the letter's own writer wrote the case
    expect(text).not.toContain("Chief complaint");

    const first = ratingFormFields(page);
    const saved = await reviewer.postForm(LETTER_QUEUE, { ...first, clarity: "4", comment: COMMENT });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(LETTER_QUEUE);

    const stored = await queryServerDatabase<Record<string, unknown>>(
      server,
      "select prompt_id, prompt_version, prompt_hash, case_id, clarity from review_ratings where rater_id = 'user_letters'",
    );
    const letterHash = lockedHash("referral-letter/v1.md");
    expect(stored).toEqual([
      {
        prompt_id: "referral-letter",
        prompt_version: "v1",
        prompt_hash: letterHash,
        case_id: first.caseId,
        clarity: 4,
      },
    ]);
    let letter = await rowText("referral-letter", "v1");
    expect(letter).toContain("4.00 / 5");
    expect(letter).toContain("1 rating");
    expect(letter).toContain("needs 19 more ratings");
    expect(await rowText("consultation-summary", "v1")).toContain("0 ratings");
    expect(await exportedLines()).toMatchObject([
      {
        promptId: "referral-letter",
        promptVersion: "v1",
        promptHash: letterHash,
        clarity: 4,
        comment: COMMENT,
      },
    ]);

    for (let index = 0; index < 18; index++) expect((await rateNextLetter(reviewer, 5)).status).toBe(302);
    letter = await rowText("referral-letter", "v1");
    expect(letter).toContain("19 ratings");
    expect(letter).toContain("needs 1 more rating");
    expect(letter).not.toMatch(/\bpass\b/);

    expect((await rateNextLetter(reviewer, 5)).status).toBe(302);
    letter = await rowText("referral-letter", "v1");
    expect(letter).toContain("4.95 / 5");
    expect(letter).toContain("20 ratings");
    expect(letter).toMatch(/^\s*v1 draft .* pass Review queue\s*$/);

    // The export holds all 20 under the letter's prompt id; the eval CLI imports them as such and
    // its gate (the same evaluateGate) passes the letter.
    const lines = await exportedLines();
    expect(lines).toHaveLength(20);
    expect(new Set(lines.map((line) => `${String(line.promptId)} ${String(line.promptVersion)}`))).toEqual(
      new Set(["referral-letter v1"]),
    );
    const file = path.join(fixtureDir, "web-ratings.jsonl");
    writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
    const cliStore = path.join(fixtureDir, "cli.sqlite");
    copyFileSync(runsOnlyStore, cliStore);
    expect(evalCli(["ratings", "import", file], cliStore)).toContain("Imported 20 ratings");
    const db = new Database(cliStore, { readonly: true });
    const imported = db.prepare("select prompt_id, count(*) as n from ratings group by prompt_id").all();
    db.close();
    expect(imported).toEqual([{ prompt_id: "referral-letter", n: 20 }]);
    const noCommitted = mkdtempSync(path.join(tmpdir(), "consult-summary-no-ratings-"));
    const gate = spawnSync(
      process.execPath,
      [
        "eval/scripts/eval.ts",
        "--prompt-id",
        "referral-letter",
        "gate",
        "--prompt",
        "v1",
        "--ratings-dir",
        noCommitted,
      ],
      { cwd: ROOT, env: evalEnv(cliStore), encoding: "utf8" },
    );
    expect(gate.stdout).toContain("4.95 / 5 over 20 ratings");
    expect(gate.status).toBe(0);

    // Three low ratings from other reviewers pull the mean to 102 / 23 = 4.43: the gate fails.
    for (const sub of ["user_low_1", "user_low_2", "user_low_3"]) {
      expect((await rateNextLetter(sessionFor(sub, "reviewer"), 1)).status).toBe(302);
    }
    letter = await rowText("referral-letter", "v1");
    expect(letter).toContain("4.43 / 5");
    expect(letter).toContain("23 ratings");
    expect(letter).toContain("fail (mean clarity 4.43 is below the 4.5 target)");
  });
});
