// The database runs out of space. SQLite: the server's data folder is a small tmpfs of its own that
// the test fills up for real. PostgreSQL: the shared test cluster cannot be filled, so a trigger
// makes the server answer writes with disk_full (SQLSTATE 53100), as a full disk does.
import { closeSync, openSync, rmSync, writeSync } from "node:fs";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createConsultation } from "../../app/models/consultation.server";
import { respondToDatabaseProblem } from "../../app/utils/api-errors.server";
import { startFakeOpenAI, type FakeOpenAI } from "@consult-summary/core/testing";
import { postConsultationStream } from "../support/api";
import { startAppServer, testDatabase, type AppServer } from "../support/app-server";
import { releaseDatabase, testStore, useDatabase } from "../support/in-process-database";
import { queryServerDatabase } from "../support/server-database";

const NOTES = "Doctor: What brings you in?\nPatient: A cough for ten days and a fever of 38.6.";

async function ready(server: AppServer): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Asks /ready until it answers `status` (the database's state changes outside the server). */
async function readyBecomes(server: AppServer, status: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await ready(server)).status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/ready never answered ${status}`);
}

/** A new summary and a page both get the 503 while the database is full. */
async function expectNewRequestsRefused(server: AppServer): Promise<void> {
  await expectDatabaseFull(
    await fetch(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notes: NOTES }),
    }),
  );
  await expectDatabaseFull(await fetch(`${server.url}/`));
}

async function expectDatabaseFull(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("database_full");
}

describe.skipIf(testDatabase() === "postgres")("SQLite whose disk fills up", () => {
  let fake: FakeOpenAI;
  let server: AppServer;

  /** The data folder as the server sees it: its tmpfs, reached through its mount namespace. */
  const dataFolder = () => `/proc/${server.process.pid}/root${server.dataDir}`;

  /** Writes a file until the tmpfs has no byte left. */
  function fillDisk(): void {
    const file = openSync(`${dataFolder()}/filler`, "w");
    try {
      for (const size of [1024 * 1024, 4096, 1]) {
        const chunk = Buffer.alloc(size, 1);
        for (;;) {
          try {
            writeSync(file, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
            break;
          }
        }
      }
    } finally {
      closeSync(file);
    }
  }

  const freeDisk = () => rmSync(`${dataFolder()}/filler`, { force: true });

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startAppServer({
      tmpfsMegabytes: 32,
      env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" },
    });
  });

  afterEach(() => {
    if (server) freeDisk();
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  it("fails /ready and answers new requests 503 database_full while full, and recovers once there is room", async () => {
    expect((await ready(server)).status).toBe(200);
    // A summary that is still being written when the disk fills: a megabyte of text, slowly.
    fake.script({
      type: "stream",
      tokens: Array(25).fill(`${"Cough. ".repeat(6_000)}\n`),
      tokenDelayMs: 100,
    });
    const running = await postConsultationStream(server.url, NOTES);
    await running.waitFor("delta");

    fillDisk();

    expect(await ready(server)).toMatchObject({
      status: 503,
      body: { status: "not_ready", checks: { database: "failed" }, failing: ["database"] },
    });
    await expectNewRequestsRefused(server);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);

    // The summary being written could not be saved: it ends with an error, never `done`.
    await running.finished;
    expect(running.events.map((received) => received.event)).not.toContain("done");
    expect(running.events.at(-1)).toMatchObject({ event: "error", data: { code: "database_full" } });

    freeDisk();
    await readyBecomes(server, 200);
    const after = await postConsultationStream(server.url, NOTES);
    await after.finished;
    expect(after.status).toBe(200);
    expect(after.events.at(-1)!.event).toBe("done");
    expect(server.output()).not.toMatch(/"status":5\d\d,[^\n]*"route":"\/api\/consultation"/);
  });
});

describe.skipIf(testDatabase() === "postgres")("SQLite refusing a write for want of space", () => {
  afterAll(releaseDatabase);

  it("is database_full, answered 503 with Retry-After", async () => {
    await useDatabase();
    // SQLite's own page limit gives the SQLITE_FULL a full disk gives.
    const sqlite = (testStore().db as unknown as { $client: { pragma(source: string): unknown } }).$client;
    const pages = sqlite.pragma("page_count") as Array<{ page_count: number }>;
    sqlite.pragma(`max_page_count = ${pages[0]!.page_count}`);

    const error = await createConsultation(testStore(), {
      ownerId: "owner-1",
      notes: "x".repeat(200_000),
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Error);
    await expectDatabaseFull(respondToDatabaseProblem(error));
  });
});

describe.runIf(testDatabase() === "postgres")("PostgreSQL answering disk_full", () => {
  let server: AppServer;

  /** Every write to `table` fails the way it does on a full disk. */
  const refuseWrites = (table: string) =>
    queryServerDatabase(
      server,
      `create trigger disk_full before insert or update on ${table}
       for each statement execute function disk_full()`,
    );

  beforeAll(async () => {
    server = await startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
    await queryServerDatabase(
      server,
      `create function disk_full() returns trigger language plpgsql as $$
       begin raise exception 'could not extend file: No space left on device' using errcode = '53100'; end $$`,
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("answers 503 database_full, fails /ready until a write succeeds again, then recovers", async () => {
    await refuseWrites("consultations");
    await refuseWrites("rate_limit_windows");

    await expectNewRequestsRefused(server);
    expect(await ready(server)).toMatchObject({ status: 503, body: { failing: ["database"] } });

    for (const table of ["consultations", "rate_limit_windows"]) {
      await queryServerDatabase(server, `drop trigger disk_full on ${table}`);
    }
    await readyBecomes(server, 200);
    const stream = await postConsultationStream(server.url, NOTES);
    await stream.finished;
    expect(stream.events.at(-1)!.event).toBe("done");
  });
});
