// Runs the app's models in the test process against a real, fresh SQLite file: the process-wide
// config and database are pointed at a new data folder, and the environment is restored after.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import Database from "better-sqlite3";

import { closeDb, getDb } from "../../app/db/client.server";
import { forget } from "../../app/utils/remember.server";

const CONTROLLED = [
  "DATA_DIR",
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

/** Points the process-wide config and database at a fresh (or the given) data folder. */
export function useDatabase(
  options: { key?: Buffer; dataDir?: string; env?: Record<string, string> } = {},
): string {
  closeDb();
  forget("config");
  for (const name of CONTROLLED) delete process.env[name];
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "consult-summary-models-"));
  Object.assign(process.env, { DATA_DIR: dataDir, HOST: "127.0.0.1", ...options.env });
  if (options.key) process.env.DATA_ENCRYPTION_KEY = options.key.toString("base64");
  getDb();
  return dataDir;
}

/** Closes the database and puts the environment back as it was (call from afterAll). */
export function releaseDatabase(): void {
  closeDb();
  forget("config");
  for (const name of CONTROLLED) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
}

/** Every byte SQLite has on disk for this database: the main file and the write-ahead log. */
export function databaseFileBytes(dataDir: string): Buffer {
  const file = path.join(dataDir, "consult-summary.sqlite");
  const wal = `${file}-wal`;
  return Buffer.concat([readFileSync(file), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
}

/** Whether the text is anywhere in the database's files. */
export function onDisk(dataDir: string, text: string): boolean {
  return databaseFileBytes(dataDir).includes(Buffer.from(text, "utf8"));
}

/** Reads the database file directly, as another process would. */
export function rawSql<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, "consult-summary.sqlite"), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
