// Readiness for the load balancer (/ready): the database takes writes (it is reachable and has
// space left), every committed migration is applied, a summary provider is configured and the
// event loop keeps up. While shutting down the answer is "draining", so no new traffic is routed
// here while running summaries finish.
import type { AppConfig } from "../config/env.server";
import type { Store } from "../db/store.server";
import type { EventLoopWatch } from "./event-loop.server";

export type CheckName = "database" | "migrations" | "provider" | "eventLoop";
export type Readiness =
  | { status: "ready"; checks: Record<CheckName, "ok"> }
  | { status: "not_ready"; checks: Record<CheckName, "ok" | "failed">; failing: CheckName[] }
  | { status: "draining" };

/** Whether the process is shutting down: from then on /ready answers 503 "draining". */
export interface Lifecycle {
  draining: boolean;
}

async function databaseWritable(store: Store): Promise<boolean> {
  // Unreachable: say so at once rather than wait out a connection timeout per probe. Out of
  // space: the probe looks again (and finds out when there is room once more).
  if (store.problem()?.code === "database_unavailable") return false;
  await store.probeWritable();
  return true;
}

async function migrationsApplied(store: Store): Promise<boolean> {
  const { applied, committed } = await store.migrationStatus();
  return applied === committed;
}

async function providerConfigured(config: AppConfig): Promise<boolean> {
  return config.summaryProvider === "embedded" || Boolean(config.openai.apiKey);
}

async function passes(check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch {
    return false;
  }
}

export async function checkReadiness({
  store,
  config,
  lifecycle,
  eventLoopWatch,
}: {
  store: Store;
  config: AppConfig;
  lifecycle: Lifecycle;
  eventLoopWatch: Pick<EventLoopWatch, "lagging">;
}): Promise<Readiness> {
  if (lifecycle.draining) return { status: "draining" };
  // Read before the database checks, which give the loop a turn.
  const eventLoop = !eventLoopWatch.lagging();
  const [database, migrations, provider] = await Promise.all([
    passes(() => databaseWritable(store)),
    passes(() => migrationsApplied(store)),
    passes(() => providerConfigured(config)),
  ]);
  const checks = {
    database: database ? "ok" : "failed",
    migrations: migrations ? "ok" : "failed",
    provider: provider ? "ok" : "failed",
    eventLoop: eventLoop ? "ok" : "failed",
  } as const;
  const failing = (Object.keys(checks) as CheckName[]).filter((name) => checks[name] !== "ok");
  if (failing.length === 0) return { status: "ready", checks: checks as Record<CheckName, "ok"> };
  return { status: "not_ready", checks, failing };
}
