import { randomUUID } from "node:crypto";

import { and, desc, eq, inArray, lt } from "drizzle-orm";

import { getConfig } from "../config/env.server";
import type { Consultation, SummaryStatus } from "../db/schema.server";
import { getStore } from "../db/store.server";
import { openText, sealText } from "../security/field-encryption.server";

// Note text and titles are PHI: sealed here on every write and opened on every read (see
// field-encryption.server.ts), so callers only ever see plaintext. The AAD binds each value to its
// row and column.
const notesContext = (id: string) => `consultations.notes:${id}`;
const titleContext = (id: string) => `consultations.title:${id}`;

/** A stored consultation row with its text opened. */
export function openConsultation(row: Consultation): Consultation {
  return {
    ...row,
    notes: openText(row.notes, notesContext(row.id)),
    title: row.title === null ? null : openText(row.title, titleContext(row.id)),
  };
}

export async function createConsultation(input: {
  /** Chosen by the caller when it must be known before the row is written. */
  id?: string;
  ownerId: string;
  notes: string;
  title?: string;
}): Promise<Consultation> {
  const { db, t } = getStore();
  const id = input.id ?? randomUUID();
  const [row] = await db
    .insert(t.consultations)
    .values({
      id,
      ownerId: input.ownerId,
      notes: sealText(input.notes, notesContext(id)),
      title: input.title ? sealText(input.title, titleContext(id)) : null,
    })
    .returning();
  return openConsultation(row!);
}

export async function getConsultation({
  id,
  ownerId,
}: {
  id: string;
  ownerId: string;
}): Promise<Consultation | undefined> {
  const { db, t } = getStore();
  const [row] = await db
    .select()
    .from(t.consultations)
    .where(and(eq(t.consultations.id, id), eq(t.consultations.ownerId, ownerId)));
  return row && openConsultation(row);
}

export interface ConsultationListItem {
  id: string;
  title: string | null;
  preview: string;
  createdAt: Date;
  latestStatus: SummaryStatus | null;
}

const PREVIEW_LENGTH = 90;

/**
 * The owner's consultations, newest first, optionally only those whose title (the patient
 * reference the clinician typed) contains `query`. Titles may be encrypted, so the match runs
 * here rather than in SQL; retention keeps the list short.
 */
export async function listConsultations({
  ownerId,
  query,
  limit = 50,
}: {
  ownerId: string;
  query?: string;
  limit?: number;
}): Promise<ConsultationListItem[]> {
  const { db, t } = getStore();
  const rows = await db
    .select()
    .from(t.consultations)
    .where(eq(t.consultations.ownerId, ownerId))
    .orderBy(desc(t.consultations.createdAt));
  const needle = query?.trim().toLocaleLowerCase();
  const matching = rows
    .map(openConsultation)
    .filter((row) => !needle || (row.title ?? "").toLocaleLowerCase().includes(needle))
    .slice(0, limit);
  const latest = await latestSummaryStatuses(matching.map((row) => row.id));
  return matching.map((row) => ({
    id: row.id,
    title: row.title,
    preview: row.notes.slice(0, PREVIEW_LENGTH).replace(/\s+/g, " ").trim(),
    createdAt: row.createdAt,
    latestStatus: latest.get(row.id) ?? null,
  }));
}

/** The status of each consultation's newest summary, in one query; absent when it has none. */
async function latestSummaryStatuses(consultationIds: string[]): Promise<Map<string, SummaryStatus>> {
  const latest = new Map<string, SummaryStatus>();
  if (consultationIds.length === 0) return latest;
  const { db, t } = getStore();
  const rows = await db
    .select({ consultationId: t.summaries.consultationId, status: t.summaries.status })
    .from(t.summaries)
    .where(inArray(t.summaries.consultationId, consultationIds))
    .orderBy(desc(t.summaries.createdAt));
  for (const row of rows) {
    if (!latest.has(row.consultationId)) latest.set(row.consultationId, row.status);
  }
  return latest;
}

/**
 * Deletes the owner's consultation and (FK cascade) its summaries, then scrubs the freed pages
 * from the database file. False when there is no such consultation for this owner.
 */
export async function deleteConsultation({ id, ownerId }: { id: string; ownerId: string }): Promise<boolean> {
  const store = getStore();
  const { t } = store;
  const deleted = await store.db
    .delete(t.consultations)
    .where(and(eq(t.consultations.id, id), eq(t.consultations.ownerId, ownerId)))
    .returning({ id: t.consultations.id });
  if (deleted.length > 0) await store.scrubDeleted();
  return deleted.length > 0;
}

/**
 * Deletes every consultation created more than RETENTION_HOURS before `now`, with its summaries
 * (FK cascade), then scrubs the freed pages. Returns how many consultations were deleted.
 */
export async function purgeExpiredConsultations(now = new Date()): Promise<number> {
  const store = getStore();
  const { t } = store;
  const cutoff = new Date(now.getTime() - getConfig().retentionHours * 60 * 60 * 1000);
  const deleted = await store.db
    .delete(t.consultations)
    .where(lt(t.consultations.createdAt, cutoff))
    .returning({ id: t.consultations.id });
  if (deleted.length > 0) await store.scrubDeleted();
  return deleted.length;
}

/**
 * Opens the newest stored consultation, so a missing or wrong DATA_ENCRYPTION_KEY is found at
 * startup rather than on the first page view. Throws FieldEncryptionError (naming no text).
 */
export async function assertStoredTextReadable(): Promise<void> {
  const { db, t } = getStore();
  const [row] = await db.select().from(t.consultations).orderBy(desc(t.consultations.createdAt)).limit(1);
  if (row) openConsultation(row);
}
