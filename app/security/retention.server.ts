// Deletes what is kept too long: consultations (with their summaries) after RETENTION_HOURS, audit
// entries after AUDIT_RETENTION_DAYS. Runs at startup and every 15 minutes. Logs counts only.
import { purgeOldAuditEvents, recordAudit } from "../models/audit.server";
import { purgeExpiredConsultations } from "../models/consultation.server";
import { log } from "../utils/logger.server";
import { forget, remember } from "../utils/remember.server";

export const RETENTION_INTERVAL_MS = 15 * 60 * 1000;

export interface RetentionResult {
  consultations: number;
  auditEvents: number;
}

/** One purge pass; records a `purge` audit entry (actor "system") when anything was deleted. */
export function runRetentionPurge(now = new Date()): RetentionResult {
  const consultations = purgeExpiredConsultations(now);
  const auditEvents = purgeOldAuditEvents(now);
  if (consultations > 0 || auditEvents > 0) {
    recordAudit({
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

function safePurge(): void {
  try {
    runRetentionPurge();
  } catch (error) {
    log.error("retention purge failed", { errorName: error instanceof Error ? error.name : typeof error });
  }
}

/**
 * Purges now, then every 15 minutes. The timer is unref()ed so it never keeps the process alive,
 * and kept via remember() so a dev-server rebuild does not start a second one.
 */
export function startRetentionSchedule(): void {
  let created = false;
  remember("retentionTimer", () => {
    created = true;
    const timer = setInterval(safePurge, RETENTION_INTERVAL_MS);
    timer.unref();
    return timer;
  });
  if (created) safePurge();
}

export function stopRetentionSchedule(): void {
  clearInterval(forget<NodeJS.Timeout>("retentionTimer"));
}
