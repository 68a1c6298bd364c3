// A rating made in the reviewer workbench outlives the instance that took it: the built server on a
// random port takes it over HTTP, stops, and a new server on a fresh disk and the same database still
// counts it in the queue and the gate's clarity figures, and exports it in /admin/ratings.jsonl for
// `npm run eval -- ratings import`.
//
// What "a fresh disk" means here: the eval store (EVAL_DB) is always a new copy of the eval CLI's
// runs, holding no rating, as a new instance's image or volume would. With PostgreSQL (the postgres
// project, production) DATA_DIR is new too and only DATABASE_URL is the same. With SQLite the app's
// database IS the file in DATA_DIR, so keeping "the same database" means keeping that folder.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { makeDataDir, startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, type TestClerk } from "../support/clerk";
import { type WebSession, signedInSession, ratingFormFields } from "../support/web-session";

const ROOT = path.resolve(import.meta.dirname, "../..");
const COMMENT = "Plan is clear; follow-up interval stated.";

let clerk: TestClerk;
let fixtureDir: string;
let runsOnlyStore: string;
const servers: AppServer[] = [];

function evalCli(args: string[], evalDb: string): string {
  return execFileSync(process.execPath, ["eval/scripts/eval.ts", ...args], {
    cwd: ROOT,
    env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, EVAL_DB: evalDb },
    encoding: "utf8",
  });
}

/** A new instance's eval store: the CLI's runs, no ratings. */
function freshEvalStore(name: string): string {
  const file = path.join(fixtureDir, `${name}.sqlite`);
  copyFileSync(runsOnlyStore, file);
  return file;
}

function ratingsIn(evalDb: string): Array<Record<string, unknown>> {
  const db = new Database(evalDb, { readonly: true });
  try {
    return db.prepare("select * from ratings").all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

async function start(options: { evalDb: string; dataDir?: string; databaseUrl?: string }) {
  const server = await startAppServer({
    dataDir: options.dataDir ?? makeDataDir(),
    env: {
      ...clerk.env,
      EVAL_DB: options.evalDb,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    },
  });
  servers.push(server);
  return server;
}

function sessionFor(server: AppServer, sub: string, role: string): WebSession {
  return signedInSession(server.url, clerk.sign({ sub, metadata: { role } }));
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

beforeAll(() => {
  fixtureDir = mkdtempSync(path.join(tmpdir(), "consult-summary-durable-ratings-"));
  const dataset = path.join(fixtureDir, "cases.jsonl");
  const lines = readFileSync(path.join(ROOT, "datasets/consultations.jsonl"), "utf8").split("\n");
  writeFileSync(dataset, `${lines.filter(Boolean).slice(0, 3).join("\n")}\n`);
  runsOnlyStore = path.join(fixtureDir, "runs-only.sqlite");
  evalCli(["run", "--prompt", "v1", "--dataset", dataset, "--provider", "embedded"], runsOnlyStore);
  clerk = createTestClerk();
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

describe("workbench ratings across a deploy", () => {
  it("are still counted, queued as done and exported after a restart on a fresh disk with the same database", async () => {
    const first = await start({ evalDb: freshEvalStore("first") });
    const reviewer = sessionFor(first, "user_durable", "reviewer");
    const page = await reviewer.page("/review/queue?version=v1");
    expect(textOf(page)).toContain("3 of 3 outputs left to rate");
    const rated = ratingFormFields(page);
    const saved = await reviewer.postForm("/review/queue?version=v1", {
      ...rated,
      clarity: "4",
      comment: COMMENT,
    });
    expect(saved.status).toBe(302);
    expect(await first.stop()).toBe(0);

    // The new instance: a new eval store and, with PostgreSQL, a new DATA_DIR.
    const secondEvalDb = freshEvalStore("second");
    const second = await start(
      first.databaseUrl
        ? { evalDb: secondEvalDb, databaseUrl: first.databaseUrl }
        : { evalDb: secondEvalDb, dataDir: first.dataDir },
    );
    if (first.databaseUrl) expect(second.dataDir).not.toBe(first.dataDir);
    expect(ratingsIn(secondEvalDb)).toEqual([]);

    const again = sessionFor(second, "user_durable", "reviewer");
    const queue = await again.page("/review/queue?version=v1");
    expect(textOf(queue)).toContain("2 of 3 outputs left to rate");
    expect(ratingFormFields(queue).caseId).not.toBe(rated.caseId);

    const versions = await again.page("/review");
    const v1Row = /<tr[^>]*data-version="v1"[\s\S]*?<\/tr>/.exec(versions)?.[0] ?? "";
    expect(textOf(v1Row)).toContain("4.00 / 5");
    expect(textOf(v1Row)).toContain("1 rating");
    expect(ratingsIn(secondEvalDb)).toMatchObject([
      {
        case_id: rated.caseId,
        output_hash: rated.outputHash,
        rater: "user_durable",
        clarity: 4,
        source: "web",
      },
    ]);

    const exported = await sessionFor(second, "user_admin", "admin").get("/admin/ratings.jsonl");
    expect(exported.status).toBe(200);
    const lines = (await exported.text()).trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([
      {
        promptId: "consultation-summary",
        promptVersion: "v1",
        caseId: rated.caseId,
        outputHash: rated.outputHash,
        rater: "user_durable",
        clarity: 4,
        comment: COMMENT,
      },
    ]);

    // The eval package takes the download as it takes clinicians' ratings.
    const file = path.join(fixtureDir, "web-ratings.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const gateStore = freshEvalStore("gate");
    expect(evalCli(["ratings", "import", file], gateStore)).toContain("Imported 1 ratings");
    expect(ratingsIn(gateStore)).toMatchObject([{ case_id: rated.caseId, clarity: 4, source: "import" }]);
  });
});
