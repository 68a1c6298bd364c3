// The app's one database, SQLite (DATA_DIR, the embedded default) or PostgreSQL (DATABASE_URL).
// Models query `store.db` with `store.t`'s tables and never learn which one is behind them: `db` is
// typed as the PostgreSQL database, whose query-builder API SQLite's also has, so model code may only
// await queries (no `.get()`/`.all()`/`.run()`, no row counts without `.returning()`), and both
// dialects run every integration test.
import type { NodePgDatabase } from "drizzle-orm/node-postgres";

import type { AppConfig } from "../config/env.server";
import { createFieldCipher, type FieldCipher } from "../security/field-encryption.server";
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
  /** Throws unless the database takes writes now (a DatabaseProblem when it is out of space). */
  probeWritable(): Promise<void>;
  /** How many migrations are applied, and how many are committed in drizzle/<dialect>. */
  migrationStatus(): Promise<{ applied: number; committed: number }>;
  /**
   * Why the database cannot serve requests right now, if it cannot: it is unreachable, or out of
   * space (requests then get 503 with that code).
   */
  problem(): DatabaseProblem | undefined;
  /** Cross-instance messages (PostgreSQL only: one SQLite file means one instance). */
  bus?: NotificationBus;
  /** Seals and opens the columns holding PHI (DATA_ENCRYPTION_KEY; passes text through without one). */
  cipher: FieldCipher;
  close(): Promise<void>;
}

const PROBLEMS = {
  database_unavailable: {
    message: "The database is unavailable. Try again in a moment.",
    retryAfterSeconds: 5,
  },
  database_busy: {
    message: "The database is too busy right now. Try again in a moment.",
    retryAfterSeconds: 2,
  },
  database_full: {
    message: "The database has no space left, so nothing more can be saved. Try again later.",
    retryAfterSeconds: 60,
  },
} as const;

/**
 * A query failed because of the database's state, not because of the query: it could not be
 * reached (`database_unavailable`: the instance answers 503 until it is back), every connection
 * was busy under load (`database_busy`: only this request fails), or its disk is full
 * (`database_full`: the instance answers 503 until there is room again).
 */
export class DatabaseProblem extends Error {
  readonly retryAfterSeconds: number;

  constructor(readonly code: keyof typeof PROBLEMS) {
    super(PROBLEMS[code].message);
    this.name = "DatabaseProblem";
    this.retryAfterSeconds = PROBLEMS[code].retryAfterSeconds;
  }
}

// Driver errors that mean the disk is full: SQLite's SQLITE_FULL, the system's ENOSPC, and
// PostgreSQL's disk_full (SQLSTATE 53100).
const OUT_OF_SPACE_CODES = new Set(["SQLITE_FULL", "ENOSPC", "53100"]);

export function isOutOfSpace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && OUT_OF_SPACE_CODES.has(code);
}

/**
 * The DatabaseProblem behind an error, if any (drizzle wraps driver errors in DrizzleQueryError,
 * with the original as `cause`). A driver's out-of-space error is `database_full`.
 */
export function databaseProblem(error: unknown): DatabaseProblem | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof DatabaseProblem) return current;
    if (isOutOfSpace(current)) return new DatabaseProblem("database_full");
    current = current.cause;
  }
  return undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseProblem(error)?.code === "database_unavailable";
}

/** Opens the configured database and applies committed migrations (once, across instances). */
export async function openStore(config: AppConfig): Promise<Store> {
  const database = config.postgres
    ? await openPostgresStore(config.postgres)
    : openSqliteStore(config.dataDir, config.databasePath);
  return Object.assign(database, { cipher: createFieldCipher(config.dataEncryptionKey) });
}

/** A database as its dialect's module opens it, before the store adds the field cipher. */
export type OpenedDatabase = Omit<Store, "cipher">;
