import { accessSync, constants, mkdirSync, statfsSync } from "node:fs";
import { performance } from "node:perf_hooks";

import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

import { log } from "../utils/logger.server";
import { committedMigrationCount, migrationsFolder } from "./migrations.server";
import type { Tables } from "./schema.server";
import { cacheStatements } from "./statement-cache.server";
import * as schema from "./schema.sqlite.server";
import { DatabaseProblem, type AppDb, type OpenedDatabase } from "./store.server";

// How long the readiness probe waits for another writer before calling the database unwritable.
// The connection is synchronous, so this also bounds how long a probe can stall the event loop.
const PROBE_BUSY_TIMEOUT_MS = 200;
// Below this much free space in the data folder's file system, requests get 503 database_full and
// /ready fails. It is far more than one request writes (a consultation is at most ~0.5 MB sealed),
// so a write is refused before SQLite could run out part-way, and checkpoints keep room to work.
const MIN_FREE_BYTES = 8 * 1024 * 1024;
// How long one look at the free space stands for the requests that follow.
const FREE_SPACE_TTL_MS = 1_000;

/** Whether the data folder is short of space: looked up at most once a second, unless `now`. */
function spaceWatch(dataDir: string): (now?: "now") => boolean {
  let checkedAt = Number.NEGATIVE_INFINITY;
  let short = false;
  return (now) => {
    if (!now && performance.now() - checkedAt < FREE_SPACE_TTL_MS) return short;
    checkedAt = performance.now();
    const { bavail, bsize } = statfsSync(dataDir);
    const wasShort = short;
    short = bavail * bsize < MIN_FREE_BYTES;
    if (short && !wasShort) log.warn("database out of space", { freeBytes: bavail * bsize });
    if (!short && wasShort) log.info("database has space again", { freeBytes: bavail * bsize });
    return short;
  };
}

/** Opens (creating if needed) the SQLite database in `dataDir` and applies committed migrations. */
export function openSqliteStore(dataDir: string, databasePath: string): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(databasePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  // Deleted PHI must really leave the file. secure_delete makes SQLite overwrite deleted cell
  // content and freed pages with zeros as part of the delete itself, so no old text lingers in
  // free space. In WAL mode those zeroed pages (and, until then, the original ones) sit in the
  // -wal file first, so after a delete or purge scrubDeleted() runs a TRUNCATE checkpoint: the
  // zeroed pages are copied over the main file and the WAL is truncated to zero bytes. VACUUM is
  // not needed: with secure_delete the free pages already hold zeros, and VACUUM would only shrink
  // the file, at the cost of rewriting all of it under an exclusive lock.
  sqlite.pragma("secure_delete = ON");
  // SQLite's own lower() folds ASCII letters only, PostgreSQL's every letter: one lower() for both,
  // so a title search finds "Öst" from "öst" on either database.
  sqlite.function("lower", { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? value.toLowerCase() : value,
  );
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder("sqlite") });
  // One file, one process: jobs only need to not overlap within this process.
  const runningJobs = new Set<string>();
  const shortOfSpace = spaceWatch(dataDir);

  // Read once per store: the journal does not change while the process runs.
  const committedMigrations = committedMigrationCount("sqlite");
  return {
    dialect: "sqlite",
    // Same query-builder API; see store.server.ts for the rules that keep this honest.
    db: db as unknown as AppDb,
    t: schema as unknown as Tables,
    async exclusive(name, job) {
      if (runningJobs.has(name)) return { ran: false };
      runningJobs.add(name);
      try {
        return { ran: true, value: await job() };
      } finally {
        runningJobs.delete(name);
      }
    },
    async scrubDeleted() {
      const [result] = sqlite.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number }[];
      if (result?.busy !== 0)
        log.warn("wal checkpoint after delete did not complete", { walFrames: result?.log ?? null });
    },
    async probeWritable() {
      if (shortOfSpace("now")) throw new DatabaseProblem("database_full");
      accessSync(dataDir, constants.W_OK);
      accessSync(databasePath, constants.W_OK);
      const busyTimeout = sqlite.pragma("busy_timeout", { simple: true }) as number;
      sqlite.pragma(`busy_timeout = ${PROBE_BUSY_TIMEOUT_MS}`);
      try {
        sqlite.exec("BEGIN IMMEDIATE");
        sqlite.exec("ROLLBACK");
      } finally {
        sqlite.pragma(`busy_timeout = ${busyTimeout}`);
      }
    },
    async migrationStatus() {
      const row = sqlite.prepare("SELECT count(*) AS applied FROM __drizzle_migrations").get() as {
        applied: number;
      };
      return { applied: row.applied, committed: committedMigrations };
    },
    problem: () => (shortOfSpace() ? new DatabaseProblem("database_full") : undefined),
    async close() {
      sqlite.close();
    },
  };
}
