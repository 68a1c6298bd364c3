import { mkdirSync } from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

import { projectPath } from "@consult-summary/core/project-paths";
import * as schema from "./schema";

export type EvalDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The default store: eval/.data/eval.sqlite (ignored by git), or EVAL_DB. */
export function defaultDatabasePath(): string {
  return process.env.EVAL_DB || projectPath("eval", ".data", "eval.sqlite");
}

export function openEvalDatabase(file = defaultDatabasePath()): EvalDatabase {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: projectPath("eval", "drizzle") });
  return db;
}
