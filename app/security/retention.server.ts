// Deletes what is kept too long: consultations (with their summaries) after RETENTION_HOURS, audit
// entries after AUDIT_RETENTION_DAYS. Runs at startup and every 15 minutes. Logs counts only.
import type { AppConfig } from "../config/env.server";
import type { Store } from "../db/store.server";
import { purgeOldAuditEvents, recordAudit } from "../models/audit.server";
import { purgeExpiredConsultations } from "../models/consultation.server";
import { purgeRateLimitWindows } from "./rate-limit.server";
import { log } from "../utils/logger.server";

/** How long consultations (RETENTION_HOURS) and audit entries (AUDIT_RETENTION_DAYS) are kept. */
export type RetentionPeriods = Pick<AppConfig, "retentionHours" | "auditRetentionDays">;

export const RETENTION_INTERVAL_MS = 15 * 60 * 1000;

export interface RetentionResult {
  consultations: number;
  auditEvents: number;
}

/**
 * One purge pass; records a `purge` audit entry (actor "system") when anything was deleted.
 * Instances sharing a database take turns: while one purges, the others skip (undefined).
 */
export async function runRetentionPurge(
  store: Store,
  periods: RetentionPeriods,
  now = new Date(),
): Promise<RetentionResult | undefined> {
  const outcome = await store.exclusive("retention-purge", () => purge(store, periods, now));
  return outcome.ran ? outcome.value : undefined;
}

async function purge(store: Store, periods: RetentionPeriods, now: Date): Promise<RetentionResult> {
  const consultations = await purgeExpiredConsultations(store, periods.retentionHours, now);
  const auditEvents = await purgeOldAuditEvents(store, periods.auditRetentionDays, now);
  await purgeRateLimitWindows(store, now);
  if (consultations > 0 || auditEvents > 0) {
    await recordAudit(store, {
      actorId: "system",
      actorRole: "system",
      action: "purge",
      outcome: "allowed",
      detail: `retention consultations=${consultations} audit_events=${auditEvents}`,
    });
    log.info("retention purge", { consultations, auditEvents });
  }
  return { consultations, auditEvents };
}

async function safePurge(store: Store, periods: RetentionPeriods): Promise<void> {
  try {
    await runRetentionPurge(store, periods);
  } catch (error) {
    log.error("retention purge failed", { errorName: error instanceof Error ? error.name : typeof error });
  }
}

/**
 * Purges now, then every 15 minutes; resolves when the first purge is over, with the function that
 * stops the schedule. The timer is unref()ed so it never keeps the process alive.
 */
export async function startRetentionSchedule(store: Store, periods: RetentionPeriods): Promise<() => void> {
  const timer = setInterval(() => void safePurge(store, periods), RETENTION_INTERVAL_MS);
  timer.unref();
  await safePurge(store, periods);
  return () => clearInterval(timer);
}
