// The audit log: who did what to which consultation or summary, and whether it was allowed.
// It stores identifiers and short reason codes only. NEVER pass note or summary text (or anything
// derived from it, such as a title) in `detail`.
import { and, desc, gte, lt, lte, type SQL } from "drizzle-orm";

import { getConfig } from "../config/env.server";
import type { AuditAction, AuditEvent, AuditOutcome } from "../db/schema.server";
import { getStore } from "../db/store.server";

export { AUDIT_ACTIONS, type AuditAction, type AuditEvent, type AuditOutcome } from "../db/schema.server";

export interface AuditEventInput {
  actorId: string;
  actorRole: string;
  action: AuditAction;
  outcome: AuditOutcome;
  consultationId?: string;
  summaryId?: string;
  /** A short, non-PHI reason code such as "not_owner" or "rate_limited". */
  detail?: string;
}

const DETAIL_MAX_LENGTH = 200;
const DEFAULT_LIST_LIMIT = 1000;
const MAX_LIST_LIMIT = 100_000;

/** Appends one entry. Throws if it cannot be written, so callers can refuse an unaudited action. */
export async function recordAudit(event: AuditEventInput): Promise<void> {
  const { db, t } = getStore();
  await db.insert(t.auditEvents).values({
    at: new Date(),
    actorId: event.actorId,
    actorRole: event.actorRole,
    action: event.action,
    outcome: event.outcome,
    consultationId: event.consultationId ?? null,
    summaryId: event.summaryId ?? null,
    detail: event.detail ? event.detail.slice(0, DETAIL_MAX_LENGTH) : null,
  });
}

/** Entries with `from <= at <= to` (both optional), newest first, at most `limit` (default 1000). */
export async function listAuditEvents({
  from,
  to,
  limit = DEFAULT_LIST_LIMIT,
}: { from?: Date; to?: Date; limit?: number } = {}): Promise<AuditEvent[]> {
  const { db, t } = getStore();
  const conditions: SQL[] = [];
  if (from) conditions.push(gte(t.auditEvents.at, from));
  if (to) conditions.push(lte(t.auditEvents.at, to));
  return db
    .select()
    .from(t.auditEvents)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(t.auditEvents.at), desc(t.auditEvents.id))
    .limit(Math.max(1, Math.min(Math.floor(limit), MAX_LIST_LIMIT)));
}

/** Deletes entries older than AUDIT_RETENTION_DAYS before `now`; returns how many. */
export async function purgeOldAuditEvents(now = new Date()): Promise<number> {
  const { db, t } = getStore();
  const cutoff = new Date(now.getTime() - getConfig().auditRetentionDays * 24 * 60 * 60 * 1000);
  const deleted = await db
    .delete(t.auditEvents)
    .where(lt(t.auditEvents.at, cutoff))
    .returning({ id: t.auditEvents.id });
  return deleted.length;
}

const CSV_COLUMNS: { header: string; value: (event: AuditEvent) => string | number | null }[] = [
  { header: "id", value: (event) => event.id },
  { header: "at", value: (event) => event.at.toISOString() },
  { header: "actor_id", value: (event) => event.actorId },
  { header: "actor_role", value: (event) => event.actorRole },
  { header: "action", value: (event) => event.action },
  { header: "outcome", value: (event) => event.outcome },
  { header: "consultation_id", value: (event) => event.consultationId },
  { header: "summary_id", value: (event) => event.summaryId },
  { header: "detail", value: (event) => event.detail },
];

/**
 * One CSV cell. Cells a spreadsheet would run as a formula (starting with =, +, -, @, or a tab or
 * carriage return, as OWASP lists) get a leading single quote; cells with a quote, comma or line
 * break are quoted, with quotes doubled (RFC 4180).
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The entries as RFC 4180 CSV (CRLF line endings) with a header row. */
export function auditEventsCsv(events: readonly AuditEvent[]): string {
  const lines = [CSV_COLUMNS.map((column) => column.header).join(",")];
  for (const event of events) lines.push(CSV_COLUMNS.map((column) => csvCell(column.value(event))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
