import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

import type { AppConfig } from "../config/env.server";
import { log } from "../utils/logger.server";
import { committedMigrationCount, migrationsFolder } from "./migrations.server";
import { openNotificationBus } from "./notification-bus.server";
import { isConnectionError, isOutOfConnections } from "./postgres-errors.server";
import * as schema from "./schema.pg.server";
import { DatabaseProblem, isOutOfSpace, type JobOutcome, type OpenedDatabase } from "./store.server";

type PostgresConfig = NonNullable<AppConfig["postgres"]>;

// Keys for pg_advisory_lock: namespaced by hashtext so other applications' locks never collide.
const lockKey = (name: string) => `consult-summary:${name}`;
// While the database is unreachable, how often to check whether it is back.
const RECOVERY_PING_MS = 1_000;
// While its disk is full, how often to try a write again.
const SPACE_PROBE_MS = 5_000;
// The write that shows the disk has room again: one small row, rewritten each time (a window the
// rate limiter never uses; its purge removes it now and then, and the next probe writes it again).
const SPACE_PROBE_SQL = `INSERT INTO rate_limit_windows (key, window_start, count)
  VALUES ('consult-summary:space-probe', to_timestamp(0), 0)
  ON CONFLICT (key, window_start) DO UPDATE SET count = 0`;

/**
 * Connects a pool to PostgreSQL, applies committed migrations under an advisory lock (instances
 * starting together apply them once) and watches availability: connection failures turn it off,
 * the next successful query or background ping turns it on again.
 */
export async function openPostgresStore(config: PostgresConfig): Promise<OpenedDatabase> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    connectionTimeoutMillis: config.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: "consult-summary",
  });
  const health = trackHealth(pool);
  await withAdvisoryLock(pool, "migrate", { wait: true }, (client) =>
    migrate(drizzle(client), { migrationsFolder: migrationsFolder("pg") }),
  );
  const bus = await openNotificationBus(config);
  const db = drizzle(pool, { schema });

  // Read once per store: the journal does not change while the process runs.
  const committedMigrations = committedMigrationCount("pg");
  return {
    dialect: "postgres",
    db,
    t: schema,
    exclusive: (name, job) => withAdvisoryLock(pool, name, { wait: false }, job),
    // PostgreSQL overwrites deleted rows' space as autovacuum reuses it; encryption at rest (RDS)
    // covers what is on disk meanwhile. Nothing to do per delete.
    async scrubDeleted() {},
    async probeWritable() {
      const { rows } = await pool.query<{ recovery: boolean; readOnly: string }>(
        "SELECT pg_is_in_recovery() AS recovery, current_setting('transaction_read_only') AS \"readOnly\"",
      );
      if (rows[0]?.recovery || rows[0]?.readOnly === "on") throw new Error("database is read-only");
      if (health.full) await health.probeSpace();
    },
    async migrationStatus() {
      const { rows } = await pool.query<{ applied: number }>(
        "SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations",
      );
      return { applied: rows[0]?.applied ?? 0, committed: committedMigrations };
    },
    problem() {
      if (!health.available) return new DatabaseProblem("database_unavailable");
      if (health.full) return new DatabaseProblem("database_full");
      return undefined;
    },
    bus,
    async close() {
      health.stop();
      await bus.close();
      await pool.end();
    },
  };
}

/**
 * Runs `work` holding the session-level advisory lock `name` on a connection of its own: waiting
 * for it (`wait`), or skipping the work when another session holds it.
 */
async function withAdvisoryLock<T>(
  pool: pg.Pool,
  name: string,
  { wait }: { wait: boolean },
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<JobOutcome<T>> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      wait
        ? "SELECT true AS locked FROM pg_advisory_lock(hashtext($1))"
        : "SELECT pg_try_advisory_lock(hashtext($1)) AS locked",
      [lockKey(name)],
    );
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await work(client) };
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [lockKey(name)]);
    }
  } finally {
    client.release();
  }
}

/**
 * Wraps pool.query (which every drizzle query goes through) so that connection failures flip
 * availability off and surface as DatabaseProblem("database_unavailable"), running out of
 * connections surfaces as DatabaseProblem("database_busy"), and any success flips availability on.
 * A full disk (disk_full) surfaces as DatabaseProblem("database_full") and marks the database full
 * until a probe write succeeds (tried every few seconds, and by /ready).
 */
function trackHealth(pool: pg.Pool) {
  let recoveryTimer: NodeJS.Timeout | undefined;
  let spaceTimer: NodeJS.Timeout | undefined;
  const state = {
    available: true,
    full: false,
    /** Writes one small row: clears `full` when it succeeds; throws (and stays full) otherwise. */
    async probeSpace() {
      await pool.query(SPACE_PROBE_SQL);
      if (state.full) log.info("database has space again");
      state.full = false;
      clearInterval(spaceTimer);
      spaceTimer = undefined;
    },
    stop: () => {
      clearInterval(recoveryTimer);
      clearInterval(spaceTimer);
    },
  };

  const markUnavailable = () => {
    if (state.available) log.warn("database unavailable");
    state.available = false;
    recoveryTimer ??= setInterval(() => void pool.query("SELECT 1").catch(() => {}), RECOVERY_PING_MS);
    recoveryTimer.unref();
  };
  const markAvailable = () => {
    if (!state.available) log.info("database available again");
    state.available = true;
    clearInterval(recoveryTimer);
    recoveryTimer = undefined;
  };
  const markFull = () => {
    if (!state.full) log.warn("database out of space");
    state.full = true;
    spaceTimer ??= setInterval(() => void state.probeSpace().catch(() => {}), SPACE_PROBE_MS);
    spaceTimer.unref();
  };

  // An idle pooled connection the server closed (restart, failover): the pool drops it itself;
  // without this listener the error would crash the process.
  pool.on("error", (error) => {
    if (isConnectionError(error)) markUnavailable();
    else log.warn("idle database connection failed", { errorName: error.name });
  });

  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args) => {
    try {
      const result = await query(...args);
      markAvailable();
      return result;
    } catch (error) {
      if (isOutOfConnections(error)) throw new DatabaseProblem("database_busy");
      if (isOutOfSpace(error)) {
        markFull();
        throw new DatabaseProblem("database_full");
      }
      if (!isConnectionError(error)) throw error;
      markUnavailable();
      throw new DatabaseProblem("database_unavailable");
    }
  };
  return state;
}
