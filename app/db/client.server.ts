import { mkdirSync } from "node:fs";

import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

import { getConfig } from "../config/env.server";
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
