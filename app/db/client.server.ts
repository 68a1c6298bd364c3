import { mkdirSync } from "node:fs";

import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

import { getConfig } from "../config/env.server";
import { log } from "../utils/logger.server";
import { projectPath } from "../utils/project-paths.server";
import { forget, remember } from "../utils/remember.server";
import * as schema from "./schema.server";

export type AppDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens (creating if needed) the SQLite database and applies committed migrations. */
export function openDatabase(dataDir: string, databasePath: string): AppDatabase {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(databasePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  // Deleted PHI must really leave the file. secure_delete makes SQLite overwrite deleted cell
  // content and freed pages with zeros as part of the delete itself, so no old text lingers in
  // free space. In WAL mode those zeroed pages (and, until then, the original ones) sit in the
  // -wal file first, so after a delete or purge scrubDeletedPages() runs a TRUNCATE checkpoint:
  // the zeroed pages are copied over the main file and the WAL is truncated to zero bytes.
  // VACUUM is not needed: with secure_delete the free pages already hold zeros, and VACUUM would
  // only shrink the file, at the cost of rewriting all of it under an exclusive lock.
  sqlite.pragma("secure_delete = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: projectPath("drizzle", "sqlite") });
  return db;
}

export function getDb(): AppDatabase {
  return remember("db", () => {
    const config = getConfig();
    return openDatabase(config.dataDir, config.databasePath);
  });
}

export function closeDb(): void {
  forget<AppDatabase>("db")?.$client.close();
}

/**
 * After deleting PHI: copies every WAL frame into the main file (overwriting the old pages with the
 * zeroed ones secure_delete wrote) and truncates the -wal file. Returns false when a reader kept the
 * checkpoint from completing (old frames may remain until the next one).
 */
export function scrubDeletedPages(db: AppDatabase = getDb()): boolean {
  const [result] = db.$client.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number }[];
  const completed = result?.busy === 0;
  if (!completed)
    log.warn("wal checkpoint after delete did not complete", { walFrames: result?.log ?? null });
  return completed;
}
