// Runs the app's models in the test process against a real, fresh database: a SQLite file in a
// new data folder, or (postgres test run) a PostgreSQL database of its own, opened as testStore()
// with testConfig(), the configuration the environment then gives; the environment is restored after.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { parseConfig, type AppConfig } from "../../app/config/env.server";
import { openStore, type Store } from "../../app/db/store.server";
import { testDatabase } from "./app-server";
import { databaseNameFor, ensureDatabase, sharedPostgresCluster } from "./postgres-cluster";
import { queryServerDatabase } from "./server-database";

const CONTROLLED = [
  "DATA_DIR",
  "DATABASE_URL",
  "DATA_ENCRYPTION_KEY",
  "RETENTION_HOURS",
  "AUDIT_RETENTION_DAYS",
  "HOST",
  "PORT",
  "ALLOW_UNAUTHENTICATED",
  "SUMMARY_PROVIDER",
  "OPENAI_API_KEY",
  "OPENAI_BASE_URL",
  "CLERK_PUBLISHABLE_KEY",
  "CLERK_SECRET_KEY",
  "CLERK_JWT_KEY",
  "APP_ORIGIN",
  "SESSION_SECRET",
];
const savedEnv = Object.fromEntries(CONTROLLED.map((name) => [name, process.env[name]]));

let current: { dataDir: string; databaseUrl?: string; config: AppConfig; store: Store } | undefined;

/** Where a summary written by model-level tests says it came from (any values will do). */
export const TEST_SUMMARY_ORIGIN = {
  promptId: "clinical-summary",
  promptVersion: "v1",
  promptHash: "0".repeat(64),
  provider: "embedded",
  model: "embedded",
};

/**
 * Opens a fresh database as testStore() (or the one of the given data folder, which is the same
 * database again in the postgres run), configured as testConfig(). Returns the data folder.
 */
export async function useDatabase(
  options: { key?: Buffer; dataDir?: string; env?: Record<string, string> } = {},
): Promise<string> {
  await current?.store.close();
  current = undefined;
  for (const name of CONTROLLED) delete process.env[name];
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "consult-summary-models-"));
  Object.assign(process.env, { DATA_DIR: dataDir, HOST: "127.0.0.1", ...options.env });
  if (options.key) process.env.DATA_ENCRYPTION_KEY = options.key.toString("base64");
  if (testDatabase() === "postgres") {
    process.env.DATABASE_URL = await ensureDatabase(
      sharedPostgresCluster().adminUrl,
      databaseNameFor(dataDir),
    );
  }
  const config = parseConfig(process.env);
  const store = await openStore(config);
  current = { dataDir, databaseUrl: process.env.DATABASE_URL, config, store };
  return dataDir;
}

/** Closes the store and puts the environment back as it was (call from afterAll). */
export async function releaseDatabase(): Promise<void> {
  await current?.store.close();
  current = undefined;
  for (const name of CONTROLLED) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
}

function currentDatabase() {
  if (!current) throw new Error("call useDatabase() first");
  return current;
}

/** The configuration useDatabase() read from the environment it set. */
export function testConfig(): AppConfig {
  return currentDatabase().config;
}

/** The store useDatabase() opened, for the models the test calls. */
export function testStore(): Store {
  return currentDatabase().store;
}

/** Runs SQL on the current database over a connection of its own, as another process would. */
export function storedRows<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  return queryServerDatabase<T>(currentDatabase(), sql, ...params);
}

/** Whether the current database is SQLite (whose files the tests can read byte by byte). */
export function usingSqlite(): boolean {
  return !currentDatabase().databaseUrl;
}

/** Every byte SQLite has on disk for this database: the main file and the write-ahead log. */
export function databaseFileBytes(dataDir: string): Buffer {
  const file = path.join(dataDir, "consult-summary.sqlite");
  const wal = `${file}-wal`;
  return Buffer.concat([readFileSync(file), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
}

/** Whether the text is anywhere in the SQLite database's files (free pages and WAL included). */
export function onDisk(dataDir: string, text: string): boolean {
  return databaseFileBytes(dataDir).includes(Buffer.from(text, "utf8"));
}

/**
 * Whether the text is stored in the current database: anywhere in SQLite's files, or, on
 * PostgreSQL (whose files a test cannot read consistently), in any stored text column.
 */
export async function storedAnywhere(text: string): Promise<boolean> {
  const database = currentDatabase();
  if (!database.databaseUrl) return onDisk(database.dataDir, text);
  return textInPostgresRows(database, text);
}

export async function textInPostgresRows(database: { dataDir: string; databaseUrl?: string }, text: string) {
  const rows = await queryServerDatabase<{ value: string | null }>(
    database,
    `select notes as value from consultations union all select title from consultations
     union all select preview from consultations union all select text from summaries union all select text from summary_revisions
     union all select comment from summary_ratings`,
  );
  return rows.some((row) => row.value?.includes(text));
}
