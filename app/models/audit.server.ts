// The audit log: who did what to which consultation or summary, and whether it was allowed.
// It stores identifiers and short reason codes only. NEVER pass note or summary text (or anything
// derived from it, such as a title) in `detail`. Ids come from requests and so from anyone: only
// well-formed ones are stored, so a denied request cannot make the log keep text of its choosing.
import { setImmediate as nextTurn } from "node:timers/promises";

import { and, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";

import type { AuditAction, AuditEvent, AuditOutcome } from "../db/schema.server";
import type { Store } from "../db/store.server";
import { isUuid } from "../utils/ids";

export { AUDIT_ACTIONS, type AuditAction, type AuditEvent, type AuditOutcome } from "../db/schema.server";

export interface AuditEventInput {
  actorId: string;
  actorRole: string;
  action: AuditAction;
  outcome: AuditOutcome;
  /** As the request named it: stored only when it is a UUID (else null, and `invalid_id`). */
  consultationId?: string;
  /** As the request named it: stored only when it is a UUID (else null, and `invalid_id`). */
  summaryId?: string;
  /** A short, non-PHI reason code such as "not_owner" or "rate_limited". */
  detail?: string;
  /** A write to another system (Send to EHR): its host, its HTTP status and the id it gave. */
  targetHost?: string;
  httpStatus?: number;
  remoteId?: string;
}

const DETAIL_MAX_LENGTH = 64;
const TARGET_MAX_LENGTH = 255;
const INVALID_ID = "invalid_id";
const EXPORT_BATCH_SIZE = 1_000;

/**
 * Appends one entry. Throws if it cannot be written, so callers can refuse an unaudited action.
 * An entry is at most a few hundred bytes whatever the request held: ids that are not UUIDs are
 * replaced by null (and `invalid_id` added to the detail), and the detail is cut to 64 characters.
 */
export async function recordAudit(store: Store, event: AuditEventInput): Promise<void> {
  const { db, t } = store;
  const ids = [event.consultationId, event.summaryId];
  const invalidId = ids.some((id) => id !== undefined && !isUuid(id));
  const detail = [event.detail, invalidId ? INVALID_ID : undefined].filter(Boolean).join(" ");
  await db.insert(t.auditEvents).values({
    at: new Date(),
    actorId: event.actorId,
    actorRole: event.actorRole,
    action: event.action,
    outcome: event.outcome,
    consultationId: event.consultationId && isUuid(event.consultationId) ? event.consultationId : null,
    summaryId: event.summaryId && isUuid(event.summaryId) ? event.summaryId : null,
    detail: detail ? detail.slice(0, DETAIL_MAX_LENGTH) : null,
    targetHost: event.targetHost?.slice(0, TARGET_MAX_LENGTH) ?? null,
    httpStatus: event.httpStatus ?? null,
    remoteId: event.remoteId?.slice(0, TARGET_MAX_LENGTH) ?? null,
  });
}

/**
 * Every entry with `from <= at <= to` (both optional), newest first, in batches of `batchSize`.
 * Each batch is one query that continues after the last entry of the one before (keyset, never
 * OFFSET), and the event loop gets a turn between batches, so the whole log can be read while the
 * server keeps answering.
 */
export async function* auditEventBatches(
  store: Store,
  { from, to, batchSize = EXPORT_BATCH_SIZE }: { from?: Date; to?: Date; batchSize?: number } = {},
): AsyncGenerator<AuditEvent[]> {
  const { db, t } = store;
  const range: SQL[] = [];
  if (from) range.push(gte(t.auditEvents.at, from));
  if (to) range.push(lte(t.auditEvents.at, to));
  let last: AuditEvent | undefined;
  for (;;) {
    const after = last
      ? or(lt(t.auditEvents.at, last.at), and(eq(t.auditEvents.at, last.at), lt(t.auditEvents.id, last.id)))
      : undefined;
    const batch = await db
      .select()
      .from(t.auditEvents)
      .where(and(...range, after))
      .orderBy(desc(t.auditEvents.at), desc(t.auditEvents.id))
      .limit(batchSize);
    if (batch.length > 0) yield batch;
    if (batch.length < batchSize) return;
    last = batch.at(-1);
    await nextTurn();
  }
}

/** Deletes entries older than AUDIT_RETENTION_DAYS before `now`; returns how many. */
export async function purgeOldAuditEvents(
  store: Store,
  auditRetentionDays: number,
  now = new Date(),
): Promise<number> {
  const { db, t } = store;
  const cutoff = new Date(now.getTime() - auditRetentionDays * 24 * 60 * 60 * 1000);
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
  { header: "target_host", value: (event) => event.targetHost },
  { header: "http_status", value: (event) => event.httpStatus },
  { header: "remote_id", value: (event) => event.remoteId },
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

/** The entries as RFC 4180 CSV (CRLF line endings): the header row, then one piece per batch. */
export async function* auditEventsCsv(
  batches: AsyncIterable<readonly AuditEvent[]> | Iterable<readonly AuditEvent[]>,
): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.map((column) => column.header).join(",")}\r\n`;
  for await (const events of batches) {
    yield events
      .map((event) => `${CSV_COLUMNS.map((column) => csvCell(column.value(event))).join(",")}\r\n`)
      .join("");
  }
}
