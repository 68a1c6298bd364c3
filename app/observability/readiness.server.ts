// Readiness for the load balancer (/ready): the database takes writes, every committed migration
// is applied and a summary provider is configured. While shutting down the answer is "draining",
// so no new traffic is routed here while running summaries finish.
import { accessSync, constants, readFileSync } from "node:fs";

import { getConfig } from "../config/env.server";
import { getDb } from "../db/client.server";
import { projectPath } from "../utils/project-paths.server";
import { remember } from "../utils/remember.server";

export type CheckName = "database" | "migrations" | "provider";
export type Readiness =
  | { status: "ready"; checks: Record<CheckName, "ok"> }
  | { status: "not_ready"; checks: Record<CheckName, "ok" | "failed">; failing: CheckName[] }
  | { status: "draining" };

// How long the probe waits for another writer before calling the database unwritable. The
// connection is synchronous, so this also bounds how long a probe can stall the event loop.
const PROBE_BUSY_TIMEOUT_MS = 200;

const lifecycle = remember("lifecycle", () => ({ draining: false }));

/** From now on /ready answers 503 "draining" (the process is shutting down). */
export function markDraining(): void {
  lifecycle.draining = true;
}

export function isDraining(): boolean {
  return lifecycle.draining;
}

function committedMigrationCount(): number {
  return remember("migration-count", () => {
    const journal = JSON.parse(
      readFileSync(projectPath("drizzle", "sqlite", "meta", "_journal.json"), "utf8"),
    ) as {
      entries: unknown[];
    };
    return journal.entries.length;
  });
}

/** Takes the write lock and gives it back: fails when the file, its directory or the lock is unavailable. */
function databaseWritable(): boolean {
  const config = getConfig();
  accessSync(config.dataDir, constants.W_OK);
  accessSync(config.databasePath, constants.W_OK);
  const sqlite = getDb().$client;
  const busyTimeout = sqlite.pragma("busy_timeout", { simple: true }) as number;
  sqlite.pragma(`busy_timeout = ${PROBE_BUSY_TIMEOUT_MS}`);
  try {
    sqlite.exec("BEGIN IMMEDIATE");
    sqlite.exec("ROLLBACK");
  } finally {
    sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  }
  return true;
}

function migrationsApplied(): boolean {
  const row = getDb().$client.prepare("SELECT count(*) AS applied FROM __drizzle_migrations").get() as {
    applied: number;
  };
  return row.applied === committedMigrationCount();
}

function providerConfigured(): boolean {
  const config = getConfig();
  return config.summaryProvider === "embedded" || Boolean(config.openai.apiKey);
}

function passes(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

export function checkReadiness(): Readiness {
  if (lifecycle.draining) return { status: "draining" };
  const checks = {
    database: passes(databaseWritable) ? "ok" : "failed",
    migrations: passes(migrationsApplied) ? "ok" : "failed",
    provider: passes(providerConfigured) ? "ok" : "failed",
  } as const;
  const failing = (Object.keys(checks) as CheckName[]).filter((name) => checks[name] !== "ok");
  if (failing.length === 0) return { status: "ready", checks: checks as Record<CheckName, "ok"> };
  return { status: "not_ready", checks, failing };
}
