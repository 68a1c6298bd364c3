import { randomUUID } from "node:crypto";

import { and, desc, eq, lt } from "drizzle-orm";

import { getConfig } from "../config/env.server";
import { getDb, scrubDeletedPages } from "../db/client.server";
import { consultations, summaries, type Consultation, type SummaryStatus } from "../db/schema.server";
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

export function createConsultation(input: { ownerId: string; notes: string; title?: string }): Consultation {
  const id = randomUUID();
  const row = getDb()
    .insert(consultations)
    .values({
      id,
      ownerId: input.ownerId,
      notes: sealText(input.notes, notesContext(id)),
      title: input.title ? sealText(input.title, titleContext(id)) : null,
    })
    .returning()
    .get();
  return openConsultation(row);
}

export function getConsultation({ id, ownerId }: { id: string; ownerId: string }): Consultation | undefined {
  const row = getDb()
    .select()
    .from(consultations)
    .where(and(eq(consultations.id, id), eq(consultations.ownerId, ownerId)))
    .get();
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
export function listConsultations({
  ownerId,
  query,
  limit = 50,
}: {
  ownerId: string;
  query?: string;
  limit?: number;
}) {
  const rows = getDb()
    .select()
    .from(consultations)
    .where(eq(consultations.ownerId, ownerId))
    .orderBy(desc(consultations.createdAt))
    .all();
  const needle = query?.trim().toLocaleLowerCase();
  const matching = rows
    .map(openConsultation)
    .filter((row) => !needle || (row.title ?? "").toLocaleLowerCase().includes(needle))
    .slice(0, limit);
  return matching.map((row): ConsultationListItem => ({
    id: row.id,
    title: row.title,
    preview: row.notes.slice(0, PREVIEW_LENGTH).replace(/\s+/g, " ").trim(),
    createdAt: row.createdAt,
    latestStatus: latestSummaryStatus(row.id),
  }));
}

function latestSummaryStatus(consultationId: string): SummaryStatus | null {
  const row = getDb()
    .select({ status: summaries.status })
    .from(summaries)
    .where(eq(summaries.consultationId, consultationId))
    .orderBy(desc(summaries.createdAt))
    .limit(1)
    .get();
  return row?.status ?? null;
}

/**
 * Deletes the owner's consultation and (FK cascade) its summaries, then scrubs the freed pages
 * from the database file. False when there is no such consultation for this owner.
 */
export function deleteConsultation({ id, ownerId }: { id: string; ownerId: string }): boolean {
  const deleted = getDb()
    .delete(consultations)
    .where(and(eq(consultations.id, id), eq(consultations.ownerId, ownerId)))
    .run().changes;
  if (deleted > 0) scrubDeletedPages();
  return deleted > 0;
}

/**
 * Deletes every consultation created more than RETENTION_HOURS before `now`, with its summaries
 * (FK cascade), then scrubs the freed pages. Returns how many consultations were deleted.
 */
export function purgeExpiredConsultations(now = new Date()): number {
  const cutoff = new Date(now.getTime() - getConfig().retentionHours * 60 * 60 * 1000);
  const deleted = getDb().delete(consultations).where(lt(consultations.createdAt, cutoff)).run().changes;
  if (deleted > 0) scrubDeletedPages();
  return deleted;
}

/**
 * Opens the newest stored consultation, so a missing or wrong DATA_ENCRYPTION_KEY is found at
 * startup rather than on the first page view. Throws FieldEncryptionError (naming no text).
 */
export function assertStoredTextReadable(): void {
  const row = getDb().select().from(consultations).orderBy(desc(consultations.createdAt)).limit(1).get();
  if (row) openConsultation(row);
}
