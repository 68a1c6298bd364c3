// The reviewer workbench (/review) on the built server over real HTTP, reading an eval store made by
// the eval CLI itself: figures and gate status, the review queue saving ratings into the eval store,
// blind side-by-side, the compare report, who may see it, and the empty state without a store.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startAppServer, type AppServer } from "../support/app-server";
import { queryServerDatabase } from "../support/server-database";
import { createTestClerk, type TestClerk } from "../support/clerk";
import { WebSession, signedInSession, ratingFormFields } from "../support/web-session";

const ROOT = path.resolve(import.meta.dirname, "../..");
const GATE_DATASET = "datasets/consultations.jsonl";

interface RunRow {
  id: string;
  prompt_version: string;
  prompt_hash: string;
  aggregates: string;
}

let clerk: TestClerk;
let server: AppServer;
let fixtureDir: string;
let evalDb: string;

/** Runs the eval CLI the way a developer does, against the fixture store. */
function evalCli(args: string[]): void {
  execFileSync(process.execPath, ["eval/scripts/eval.ts", ...args], {
    cwd: ROOT,
    env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, EVAL_DB: evalDb },
    stdio: "pipe",
  });
}

function store(): Database.Database {
  return new Database(evalDb, { readonly: true });
}

function latestRun(version: string): RunRow {
  const db = store();
  try {
    return db
      .prepare(
        "select * from eval_runs where prompt_id = 'consultation-summary' and prompt_version = ? and status = 'finished' order by finished_at desc limit 1",
      )
      .get(version) as RunRow;
  } finally {
    db.close();
  }
}

function sessionFor(sub: string, role?: string): WebSession {
  return signedInSession(server.url, clerk.sign({ sub, ...(role ? { metadata: { role } } : {}) }));
}

/** The visible text of a page's <main>, tags stripped. */
function mainText(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
  return main
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

beforeAll(async () => {
  fixtureDir = mkdtempSync(path.join(tmpdir(), "consult-summary-review-"));
  evalDb = path.join(fixtureDir, "eval.sqlite");
  // Six cases of the team's dataset, and a v90 that differs from v1 in one section title (in a
  // prompts folder of its own: the repository's prompts/ is left alone).
  const dataset = path.join(fixtureDir, "cases.jsonl");
  const lines = readFileSync(path.join(ROOT, GATE_DATASET), "utf8").split("\n").filter(Boolean);
  writeFileSync(dataset, `${lines.slice(0, 6).join("\n")}\n`);
  const prompts = path.join(fixtureDir, "prompts");
  cpSync(path.join(ROOT, "prompts"), prompts, { recursive: true });
  const v1 = readFileSync(path.join(prompts, "consultation-summary", "v1.md"), "utf8");
  writeFileSync(
    path.join(prompts, "consultation-summary", "v90.md"),
    v1
      .replace(/^version: v1$/m, "version: v90")
      .replace("title: Chief complaint", "title: Presenting complaint"),
  );

  // The gate's own dataset and provider first (so the gate can be worked out), then the fixture.
  evalCli(["run", "--prompt", "v1", "--dataset", GATE_DATASET, "--provider", "embedded"]);
  evalCli(["run", "--prompt", "v1", "--dataset", dataset, "--provider", "embedded"]);
  evalCli([
    "--prompts-dir",
    prompts,
    "run",
    "--prompt",
    "v90",
    "--dataset",
    dataset,
    "--provider",
    "embedded",
  ]);
  // The latest v1 run of all is another prompt id's (a draft note type): the workbench rates the
  // clinical note's versions, so its queue for v1 must not show the letter.
  evalCli(["--prompt-id", "referral-letter", "run", "--prompt", "v1", "--dataset", dataset]);

  clerk = createTestClerk();
  server = await startAppServer({ env: { ...clerk.env, EVAL_DB: evalDb } });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("prompt versions (/review)", () => {
  it("lists every version with the deployed marker, its latest figures and its gate status", async () => {
    const response = await sessionFor("user_r", "reviewer").get("/review");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    const text = mainText(html);

    const run = latestRun("v1");
    const aggregates = JSON.parse(run.aggregates) as { rougeL: number; rougeLsum: number; grounding: number };
    expect(html).toContain('data-version="v1"');
    expect(text).toContain("deployed");
    expect(text).toContain(run.id.slice(0, 8));
    expect(text).toContain("ROUGE stemmed"); // every ROUGE figure says how it was computed
    expect(text).toContain(aggregates.rougeL.toFixed(4));
    expect(text).toContain(aggregates.rougeLsum.toFixed(4));
    expect(text).toContain(`${(aggregates.grounding * 100).toFixed(1)}%`);
    expect(text).toContain("0 ratings");
    expect(text).toMatch(/\d+ ms/);
    expect(text).toContain("$0.0000");
    expect(text).toContain("not evaluated (0 of 20 required human ratings of this exact prompt");
    expect(html).toContain('href="/review/queue?version=v1"');
    // Two runs to compare: the form points at the compare report.
    expect(html).toContain('action="/review/compare"');
  });

  it("shows the gate passing once enough ratings of this exact prompt are stored", async () => {
    const hash = latestRun("v1").prompt_hash;
    const db = new Database(evalDb);
    const insert = db.prepare(
      `insert into ratings (id, prompt_id, prompt_version, prompt_hash, case_id, output_hash, rater, clarity, comment, source, rated_at)
       values (?, 'consultation-summary', 'v1', ?, ?, ?, ?, 5, null, 'import', ?)`,
    );
    for (let index = 0; index < 20; index++) {
      insert.run(randomUUID(), hash, `gate-${index}`, "0".repeat(64), `fixture-rater-${index}`, Date.now());
    }
    db.close();

    const html = await (await sessionFor("user_r", "reviewer").get("/review")).text();
    // v1's row: other committed versions have no ratings yet and stay "not evaluated".
    const v1Row = /<tr[^>]*data-version="v1"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? "";
    const text = mainText(`<main>${v1Row}</main>`);
    expect(text).toContain("5.00 / 5");
    expect(text).toContain("20 ratings");
    expect(v1Row).toContain('class="review-gate review-gate-pass">pass</span>');
    expect(text).not.toContain("not evaluated");
  });
});

describe("review queue (/review/queue)", () => {
  it("shows an unrated output beside its consultation, stores a rating in the eval store and moves on", async () => {
    const reviewer = sessionFor("user_r", "reviewer");
    const run = latestRun("v1");
    const page = await reviewer.page("/review/queue?version=v1");
    const text = mainText(page);
    expect(text).toContain("Review queue: v1");
    expect(text).toContain("Consultation");
    expect(text).toContain("Save & next");
    expect(text).toContain("6 of 6 outputs left to rate");
    expect(page).toContain("<h3>Chief complaint</h3>");
    expect(text).not.toContain("Dear colleague");
    for (const label of ["Very unclear", "Unclear", "Acceptable", "Clear", "Very clear"]) {
      expect(text).toContain(label);
    }
    expect(text).toMatch(/1 – 5 choose a clarity rating, Enter saves/);
    const first = ratingFormFields(page);
    expect(first.caseId).toBe("cs-001");

    const saved = await reviewer.postForm("/review/queue?version=v1", {
      ...first,
      clarity: "4",
      comment: "Clear enough; plan is brief.",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/review/queue?version=v1");

    const db = store();
    const rows = db.prepare("select * from ratings where rater = ?").all("user_r") as Array<
      Record<string, unknown>
    >;
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      prompt_version: "v1",
      prompt_hash: run.prompt_hash,
      case_id: "cs-001",
      output_hash: first.outputHash,
      clarity: 4,
      comment: "Clear enough; plan is brief.",
      source: "web",
    });

    const next = await reviewer.page("/review/queue?version=v1");
    expect(ratingFormFields(next).caseId).toBe("cs-002");
    expect(mainText(next)).toContain("5 of 6 outputs left to rate");

    // One audit entry per rating, with identifiers only.
    const audit = await queryServerDatabase<{ outcome: string; detail: string | null }>(
      server,
      "select * from audit_events where action = 'rate' and actor_id = 'user_r'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.outcome).toBe("allowed");
    expect(audit[0]!.detail ?? "").not.toContain("plan is brief");
  });

  it("refuses a rating out of range, a form without its token, and an output not in the run", async () => {
    const reviewer = sessionFor("user_r3", "reviewer");
    const fields = ratingFormFields(await reviewer.page("/review/queue?version=v1"));
    expect((await reviewer.postForm("/review/queue?version=v1", { ...fields, clarity: "9" })).status).toBe(
      400,
    );
    expect(
      (await reviewer.postForm("/review/queue?version=v1", { ...fields, clarity: "3" }, { csrf: false }))
        .status,
    ).toBe(403);
    expect(
      (
        await reviewer.postForm("/review/queue?version=v1", {
          ...fields,
          outputHash: "f".repeat(64),
          clarity: "3",
        })
      ).status,
    ).toBe(409);
    const bad = await reviewer.get("/review/queue?version=latest");
    expect(bad.status).toBe(400);
    expect(mainText(await bad.text())).toContain("version must look like v1");
    const none = await reviewer.get("/review/queue");
    expect([none.status, none.headers.get("location")]).toEqual([302, "/review"]);
  });

  it("blind mode shows Summary A and B without version labels until both are rated, then reveals them", async () => {
    const reviewer = sessionFor("user_r2", "reviewer");
    const url = "/review/queue?version=v1&blind=v90";
    const page = await reviewer.page(url);
    const text = mainText(page);
    expect(text).toContain("Summary A");
    expect(text).toContain("Summary B");
    expect(text).not.toMatch(/was v\d/);
    expect(text).not.toMatch(/Summary [AB] \(?v\d/);
    const a = ratingFormFields(page);
    expect(a.side).toBe("A");

    const first = await reviewer.postForm(url, { ...a, clarity: "5" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(url);
    const half = await reviewer.page(url);
    expect(mainText(half)).toContain("Rated ✓");
    expect(mainText(half)).not.toMatch(/was v\d/);
    const b = ratingFormFields(half);
    expect(b).toMatchObject({ caseId: a.caseId, side: "B" });
    expect(b.outputHash).not.toBe(a.outputHash);

    const second = await reviewer.postForm(url, { ...b, clarity: "2" });
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe(`${url}&revealed=${a.caseId}`);

    // Which version wrote A is the one whose run holds A's output hash.
    const db = store();
    const versionOf = (hash: string) =>
      (
        db
          .prepare(
            "select r.prompt_version as v from eval_results e join eval_runs r on r.id = e.run_id where e.output_hash = ? and e.case_id = ?",
          )
          .get(hash, a.caseId) as { v: string }
      ).v;
    const [versionA, versionB] = [versionOf(a.outputHash), versionOf(b.outputHash)];
    const stored = db.prepare("select prompt_version, clarity from ratings where rater = 'user_r2'").all();
    db.close();
    expect(new Set([versionA, versionB])).toEqual(new Set(["v1", "v90"]));
    expect(stored).toEqual(
      expect.arrayContaining([
        { prompt_version: versionA, clarity: 5 },
        { prompt_version: versionB, clarity: 2 },
      ]),
    );

    const revealed = mainText(await reviewer.page(`${url}&revealed=${a.caseId}`));
    expect(revealed).toContain(`Summary A was ${versionA} — you rated it 5 / 5`);
    expect(revealed).toContain(`Summary B was ${versionB} — you rated it 2 / 5`);
    // The next case is blind again.
    expect(revealed.split("Blind side-by-side")[1]).not.toMatch(/was v\d/);
  });

  it("keeps the same A/B order for a case on every load", async () => {
    const reviewer = sessionFor("user_r4", "reviewer");
    const url = "/review/queue?version=v1&blind=v90";
    const summaryA = (html: string) =>
      /id="review-summary-A">[\s\S]*?<div class="summary-text">([\s\S]*?)<\/div>/.exec(html)?.[1];
    const first = summaryA(await reviewer.page(url));
    expect(first).toBeTruthy();
    expect(summaryA(await reviewer.page(url))).toBe(first);
  });
});

describe("compare report (/review/compare)", () => {
  it("returns the eval package's HTML report with charts, no scripts, not cached", async () => {
    const reviewer = sessionFor("user_r", "reviewer");
    const response = await reviewer.get("/review/compare?a=v1&b=v90");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("<svg");
    expect(html).not.toContain("<script");
    expect(html).toContain("v90");

    const byId = await reviewer.get(
      `/review/compare?a=${latestRun("v1").id.slice(0, 8)}&b=${latestRun("v90").id}`,
    );
    expect(byId.status).toBe(200);
    await byId.body?.cancel();
    const unknown = await reviewer.get("/review/compare?a=v1&b=v9");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('No eval run matches "v9"');
    expect((await reviewer.get("/review/compare?a=v1")).status).toBe(400);
  });
});

describe("who may use the workbench", () => {
  const ROUTES = ["/review", "/review/queue?version=v1", "/review/compare?a=v1&b=v90"];

  it("answers 404 to a clinician on every /review route, GET and POST", async () => {
    const clinician = sessionFor("user_c", "clinician");
    for (const route of ROUTES) {
      const response = await clinician.get(route);
      expect(response.status, route).toBe(404);
      await response.body?.cancel();
    }
    const post = await clinician.postForm("/review/queue?version=v1", { caseId: "cs-001", clarity: "5" });
    expect(post.status).toBe(404);
  });

  it("sends someone not signed in to sign-in", async () => {
    const nobody = new WebSession(server.url);
    for (const route of ROUTES) {
      const response = await nobody.get(route);
      expect(response.status, route).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/sign-in\?redirect_url=%2Freview/);
    }
  });

  it("lets an admin in", async () => {
    const response = await sessionFor("user_admin", "admin").get("/review");
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});

describe("without an eval store", () => {
  let empty: AppServer;
  let missing: string;

  beforeAll(async () => {
    missing = path.join(mkdtempSync(path.join(tmpdir(), "consult-summary-no-eval-")), "eval.sqlite");
    // Local mode: the one local user is an admin.
    empty = await startAppServer({ env: { EVAL_DB: missing } });
  });

  afterAll(async () => {
    await empty?.stop();
  });

  it("explains how to make one instead of failing, and never creates it", async () => {
    const session = new WebSession(empty.url);
    for (const route of ["/review", "/review/queue?version=v1"]) {
      const response = await session.get(route);
      expect(response.status, route).toBe(200);
      const text = mainText(await response.text());
      expect(text).toContain("No eval store yet");
      expect(text).toContain("npm run eval -- run --prompt v1 --dataset");
    }
    const html = mainText(await (await session.get("/review")).text());
    expect(html).toContain("v1");
    expect(html).toContain("deployed");
    const compare = await session.get("/review/compare?a=v1&b=v90");
    expect(compare.status).toBe(404);
    expect(await compare.text()).toContain("npm run eval -- run");
    expect(existsSync(missing)).toBe(false);
  });
});
