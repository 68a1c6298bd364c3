// The migration that numbers summary revisions, run on a database that already holds revisions
// (written before it, as a deployed database has them): each summary's are numbered 1, 2, … in the
// order they were saved, and the next save continues from the newest.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import { addRevision, listRevisions } from "../models/revision.server";
import { testDatabase } from "../../test/support/app-server";
import { releaseDatabase, testStore, useDatabase } from "../../test/support/in-process-database";
import { databaseNameFor, ensureDatabase, sharedPostgresCluster } from "../../test/support/postgres-cluster";
import { migrationsFolder, type Dialect } from "./migrations.server";

afterAll(releaseDatabase);

/** A copy of the dialect's migrations that stops just before the one that numbers revisions. */
function migrationsBeforeNumbering(dialect: Dialect): string {
  const folder = mkdtempSync(path.join(tmpdir(), "consult-summary-migrations-"));
  cpSync(migrationsFolder(dialect), folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith("_revision_numbers"));
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}

// Two summaries; the first's revisions saved out of id order, so only their times can order them.
const ROWS = {
  consultation:
    "insert into consultations (id, owner_id, notes, created_at) values ('c1', 'owner-1', 'Cough.', $1)",
  summaries: [
    "insert into summaries (id, consultation_id, status, text, prompt_id, prompt_version, prompt_hash, provider, model, created_at) values ('s1', 'c1', 'complete', 'Model text.', 'p', 'v1', 'h', 'embedded', 'embedded', $1)",
    "insert into summaries (id, consultation_id, status, text, prompt_id, prompt_version, prompt_hash, provider, model, created_at) values ('s2', 'c1', 'complete', 'Model text 2.', 'p', 'v1', 'h', 'embedded', 'embedded', $1)",
  ],
  revisions: [
    ["r-c", "s1", "First edit.", 1_000],
    ["r-a", "s1", "Second edit.", 2_000],
    ["r-b", "s1", "Third edit.", 3_000],
    ["r-z", "s2", "Only edit of the second summary.", 1_500],
  ] as const,
};
const REVISION =
  "insert into summary_revisions (id, summary_id, text, author_id, created_at) values ($1, $2, $3, 'owner-1', $4)";

async function writeOldDatabase(dataDir: string): Promise<void> {
  if (testDatabase() === "postgres") {
    const url = await ensureDatabase(sharedPostgresCluster().adminUrl, databaseNameFor(dataDir));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: migrationsBeforeNumbering("pg") });
      await client.query(ROWS.consultation, [new Date(0)]);
      for (const sql of ROWS.summaries) await client.query(sql, [new Date(0)]);
      for (const [id, summaryId, text, at] of ROWS.revisions)
        await client.query(REVISION, [id, summaryId, text, new Date(at)]);
    } finally {
      await client.end();
    }
    return;
  }
  const sqlite = new Database(path.join(dataDir, "consult-summary.sqlite"));
  try {
    migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: migrationsBeforeNumbering("sqlite") });
    const positional = (sql: string) => sql.replace(/\$\d/g, "?");
    sqlite.prepare(positional(ROWS.consultation)).run(0);
    for (const sql of ROWS.summaries) sqlite.prepare(positional(sql)).run(0);
    for (const [id, summaryId, text, at] of ROWS.revisions)
      sqlite.prepare(positional(REVISION)).run(id, summaryId, text, at);
  } finally {
    sqlite.close();
  }
}

describe("the migration numbering summary revisions", () => {
  it("numbers the revisions each summary already has in the order they were saved", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "consult-summary-models-"));
    await writeOldDatabase(dataDir);
    await useDatabase({ dataDir }); // opening the store applies the remaining migrations

    const numbered = async (summaryId: string) =>
      (await listRevisions(testStore(), summaryId)).map((revision) => [revision.number, revision.text]);
    expect(await numbered("s1")).toEqual([
      [3, "Third edit."],
      [2, "Second edit."],
      [1, "First edit."],
    ]);
    expect(await numbered("s2")).toEqual([[1, "Only edit of the second summary."]]);

    const next = await addRevision(testStore(), {
      summaryId: "s1",
      ownerId: "owner-1",
      text: "Fourth edit.",
      basedOn: 3,
    });
    expect(next).toMatchObject({ status: "saved", revision: { number: 4 } });
  });
});
