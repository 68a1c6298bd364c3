// The app's one database, SQLite (DATA_DIR, the embedded default) or PostgreSQL (DATABASE_URL).
// Models query `store.db` with `store.t`'s tables and never learn which one is behind them: `db` is
// typed as the PostgreSQL database, whose query-builder API SQLite's also has, so model code may only
// await queries (no `.get()`/`.all()`/`.run()`, no row counts without `.returning()`), and both
// dialects run every integration test.
import type { NodePgDatabase } from "drizzle-orm/node-postgres";

import { getConfig, type AppConfig } from "../config/env.server";
import { forget, recall, remember } from "../utils/remember.server";
import { openPostgresStore } from "./postgres-store.server";
import { openSqliteStore } from "./sqlite-store.server";
import type { NotificationBus } from "./notification-bus.server";
import type { Tables } from "./schema.server";

export type AppDb = NodePgDatabase<Tables>;

export type JobOutcome<T> = { ran: true; value: T } | { ran: false };

export interface Store {
  dialect: "sqlite" | "postgres";
  db: AppDb;
  t: Tables;
  /** Runs `job` unless another instance runs the job of that name right now (then skips it). */
  exclusive<T>(name: string, job: () => Promise<T>): Promise<JobOutcome<T>>;
  /** After deleting PHI: makes sure the deleted text no longer sits in the database's files. */
  scrubDeleted(): Promise<void>;
  /** Throws unless the database takes writes now. */
  probeWritable(): Promise<void>;
  /** How many migrations are applied, and how many are committed in drizzle/<dialect>. */
  migrationStatus(): Promise<{ applied: number; committed: number }>;
  /** False while the database cannot be reached (requests then get 503). */
  isAvailable(): boolean;
  /** Cross-instance messages (PostgreSQL only: one SQLite file means one instance). */
  bus?: NotificationBus;
  close(): Promise<void>;
}

const PROBLEM_MESSAGES = {
  database_unavailable: "The database is unavailable. Try again in a moment.",
  database_busy: "The database is too busy right now. Try again in a moment.",
} as const;

/**
 * A query failed because of the database's state, not because of the query: it could not be
 * reached (`database_unavailable`: the instance answers 503 until it is back), or every connection
 * was busy under load (`database_busy`: only this request fails).
 */
export class DatabaseProblem extends Error {
  constructor(readonly code: keyof typeof PROBLEM_MESSAGES) {
    super(PROBLEM_MESSAGES[code]);
    this.name = "DatabaseProblem";
  }
}

/**
 * The DatabaseProblem behind an error, if any (drizzle wraps driver errors in DrizzleQueryError,
 * with the original as `cause`).
 */
export function databaseProblem(error: unknown): DatabaseProblem | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof DatabaseProblem) return current;
    current = current.cause;
  }
  return undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseProblem(error)?.code === "database_unavailable";
}

const OPEN_STORE = "store";

/** Opens the configured database and applies committed migrations (once, across instances). */
export async function openStore(config: AppConfig = getConfig()): Promise<Store> {
  const existing = openedStore();
  if (existing) return existing;
  const store = config.postgres
    ? await openPostgresStore(config.postgres)
    : openSqliteStore(config.dataDir, config.databasePath);
  return remember(OPEN_STORE, () => store);
}

/**
 * The open store. SQLite opens on first use (so tools and model tests need no setup);
 * PostgreSQL must have been opened by openStore() at startup.
 */
export function getStore(): Store {
  const store = openedStore();
  if (store) return store;
  const config = getConfig();
  if (config.postgres) throw new Error("The PostgreSQL store is not open yet: call openStore() first.");
  return remember(OPEN_STORE, () => openSqliteStore(config.dataDir, config.databasePath));
}

/** The open store, if one is open (never opens one). */
export function openedStore(): Store | undefined {
  return recall<Store>(OPEN_STORE);
}

export async function closeStore(): Promise<void> {
  await forget<Store>(OPEN_STORE)?.close();
}
