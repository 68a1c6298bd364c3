// Deletes what is kept too long: consultations (with their summaries) after RETENTION_HOURS, audit
// entries after AUDIT_RETENTION_DAYS. Runs at startup and every 15 minutes. Logs counts only.
import { getStore } from "../db/store.server";
import { purgeOldAuditEvents, recordAudit } from "../models/audit.server";
import { purgeExpiredConsultations } from "../models/consultation.server";
import { purgeRateLimitWindows } from "./rate-limit.server";
import { log } from "../utils/logger.server";
import { forget, remember } from "../utils/remember.server";

export const RETENTION_INTERVAL_MS = 15 * 60 * 1000;

export interface RetentionResult {
  consultations: number;
  auditEvents: number;
}

/**
 * One purge pass; records a `purge` audit entry (actor "system") when anything was deleted.
 * Instances sharing a database take turns: while one purges, the others skip (undefined).
 */
export async function runRetentionPurge(now = new Date()): Promise<RetentionResult | undefined> {
  const outcome = await getStore().exclusive("retention-purge", () => purge(now));
  return outcome.ran ? outcome.value : undefined;
}

async function purge(now: Date): Promise<RetentionResult> {
  const consultations = await purgeExpiredConsultations(now);
  const auditEvents = await purgeOldAuditEvents(now);
  await purgeRateLimitWindows(now);
  if (consultations > 0 || auditEvents > 0) {
    await recordAudit({
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

async function safePurge(): Promise<void> {
  try {
    await runRetentionPurge();
  } catch (error) {
    log.error("retention purge failed", { errorName: error instanceof Error ? error.name : typeof error });
  }
}

/**
 * Purges now, then every 15 minutes; resolves when the first purge is over. The timer is
 * unref()ed so it never keeps the process alive, and kept via remember() so a dev-server rebuild
 * does not start a second one.
 */
export async function startRetentionSchedule(): Promise<void> {
  let created = false;
  remember("retentionTimer", () => {
    created = true;
    const timer = setInterval(() => void safePurge(), RETENTION_INTERVAL_MS);
    timer.unref();
    return timer;
  });
  if (created) await safePurge();
}

export function stopRetentionSchedule(): void {
  clearInterval(forget<NodeJS.Timeout>("retentionTimer"));
}
