import { randomUUID } from "node:crypto";

import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";

import type { Consultation, SummaryStatus } from "../db/schema.server";
import type { Store } from "../db/store.server";
import type { FieldCipher } from "../security/field-encryption.server";

// Note text, titles and previews are PHI: sealed here on every write and opened on every read (see
// field-encryption.server.ts), so callers only ever see plaintext. The AAD binds each value to its
// row and column.
const notesContext = (id: string) => `consultations.notes:${id}`;
const titleContext = (id: string) => `consultations.title:${id}`;
const previewContext = (id: string) => `consultations.preview:${id}`;
const fhirPatientContext = (id: string) => `consultations.fhir_patient_id:${id}`;
const fhirEncounterContext = (id: string) => `consultations.fhir_encounter_id:${id}`;

function openOptional(cipher: FieldCipher, value: string | null, context: string): string | null {
  return value === null ? null : cipher.open(value, context);
}

const PREVIEW_LENGTH = 90;
// With encrypted titles, a search opens this many titles at a time until it has a page.
const TITLE_SCAN_BATCH = 200;

/** What the list shows of the notes: their start, on one line. */
function previewOf(notes: string): string {
  return notes.slice(0, PREVIEW_LENGTH).replace(/\s+/g, " ").trim();
}

/** A stored consultation row with its text opened. */
export function openConsultation(cipher: FieldCipher, row: Consultation): Consultation {
  return {
    ...row,
    notes: cipher.open(row.notes, notesContext(row.id)),
    title: row.title === null ? null : cipher.open(row.title, titleContext(row.id)),
    preview: row.preview === null ? null : cipher.open(row.preview, previewContext(row.id)),
    fhirPatientId: openOptional(cipher, row.fhirPatientId, fhirPatientContext(row.id)),
    fhirEncounterId: openOptional(cipher, row.fhirEncounterId, fhirEncounterContext(row.id)),
  };
}

/** The EHR id columns as stored: sealed, or null when not given. */
function sealedEhrIds(
  store: Store,
  id: string,
  ids: { fhirPatientId?: string | null; fhirEncounterId?: string | null },
): Pick<Consultation, "fhirPatientId" | "fhirEncounterId"> {
  return {
    fhirPatientId: ids.fhirPatientId ? store.cipher.seal(ids.fhirPatientId, fhirPatientContext(id)) : null,
    fhirEncounterId: ids.fhirEncounterId
      ? store.cipher.seal(ids.fhirEncounterId, fhirEncounterContext(id))
      : null,
  };
}

export async function createConsultation(
  store: Store,
  input: {
    /** Chosen by the caller when it must be known before the row is written. */
    id?: string;
    ownerId: string;
    notes: string;
    title?: string;
    /** Logical ids on the EHR's FHIR server (validated by the caller). */
    fhirPatientId?: string;
    fhirEncounterId?: string;
  },
): Promise<Consultation> {
  const { db, t } = store;
  const id = input.id ?? randomUUID();
  const [row] = await db
    .insert(t.consultations)
    .values({
      id,
      ownerId: input.ownerId,
      notes: store.cipher.seal(input.notes, notesContext(id)),
      title: input.title ? store.cipher.seal(input.title, titleContext(id)) : null,
      preview: store.cipher.seal(previewOf(input.notes), previewContext(id)),
      ...sealedEhrIds(store, id, input),
    })
    .returning();
  return openConsultation(store.cipher, row!);
}

export async function getConsultation(
  store: Store,
  {
    id,
    ownerId,
  }: {
    id: string;
    ownerId: string;
  },
): Promise<Consultation | undefined> {
  const { db, t } = store;
  const [row] = await db
    .select()
    .from(t.consultations)
    .where(and(eq(t.consultations.id, id), eq(t.consultations.ownerId, ownerId)));
  return row && openConsultation(store.cipher, row);
}

/**
 * Sets the owner's consultation's EHR ids (validated by the caller); an absent id clears it. False
 * when there is no such consultation for this owner.
 */
export async function setEhrIds(
  store: Store,
  {
    id,
    ownerId,
    fhirPatientId,
    fhirEncounterId,
  }: { id: string; ownerId: string; fhirPatientId?: string; fhirEncounterId?: string },
): Promise<boolean> {
  const { db, t } = store;
  const updated = await db
    .update(t.consultations)
    .set(sealedEhrIds(store, id, { fhirPatientId, fhirEncounterId }))
    .where(and(eq(t.consultations.id, id), eq(t.consultations.ownerId, ownerId)))
    .returning({ id: t.consultations.id });
  return updated.length > 0;
}

export interface ConsultationListItem {
  id: string;
  title: string | null;
  preview: string;
  createdAt: Date;
  latestStatus: SummaryStatus | null;
  /** Why the latest summary ended without completing (e.g. `interrupted`, `cancelled`); else null. */
  latestErrorCode: string | null;
  /** The prompt id (note type) of the latest summary. */
  latestPromptId: string | null;
}

/** A consultation as the list reads it: never its notes. Title and preview are as stored. */
type ListRow = Pick<Consultation, "id" | "title" | "preview" | "createdAt">;

function listColumns(store: Store) {
  const { t } = store;
  const { id, title, preview, createdAt } = t.consultations;
  return { id, title, preview, createdAt };
}

const newestFirst = (store: Store) => {
  const { t } = store;
  return [desc(t.consultations.createdAt), desc(t.consultations.id)];
};

/** `%text%` for LIKE, with LIKE's own wildcards in `text` matched literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * The owner's consultations, newest first, at most `limit`, optionally only those whose title (the
 * patient reference the clinician typed) contains `query`, case-insensitively. The notes are never
 * read: the list shows each one's stored preview. Plaintext titles are searched in SQL; encrypted
 * ones can only be searched once opened, so they are read newest first in batches, and only until
 * the page is full.
 */
export async function listConsultations(
  store: Store,
  {
    ownerId,
    query,
    limit = 50,
  }: {
    ownerId: string;
    query?: string;
    limit?: number;
  },
): Promise<ConsultationListItem[]> {
  const needle = query?.trim().toLocaleLowerCase() ?? "";
  let rows: ListRow[];
  if (!needle) rows = await ownerRows(store, ownerId, undefined, limit);
  else if (store.cipher.enabled) rows = await searchSealedTitles(store, ownerId, needle, limit);
  else rows = await ownerRows(store, ownerId, titleContains(store, needle), limit);

  const [previews, latest] = await Promise.all([
    openPreviews(store, rows),
    latestSummaries(
      store,
      rows.map((row) => row.id),
    ),
  ]);
  return rows.map((row) => ({
    id: row.id,
    title: row.title === null ? null : store.cipher.open(row.title, titleContext(row.id)),
    preview: previews.get(row.id) ?? "",
    createdAt: row.createdAt,
    latestStatus: latest.get(row.id)?.status ?? null,
    latestErrorCode: latest.get(row.id)?.errorCode ?? null,
    latestPromptId: latest.get(row.id)?.promptId ?? null,
  }));
}

function titleContains(store: Store, needle: string): SQL {
  const { t } = store;
  // SQLite's own lower() folds ASCII only; the SQLite store replaces it (sqlite-store.server.ts).
  return sql`lower(${t.consultations.title}) like ${containsPattern(needle)} escape '\\'`;
}

async function ownerRows(
  store: Store,
  ownerId: string,
  where: SQL | undefined,
  limit: number,
): Promise<ListRow[]> {
  const { db, t } = store;
  return db
    .select(listColumns(store))
    .from(t.consultations)
    .where(and(eq(t.consultations.ownerId, ownerId), where))
    .orderBy(...newestFirst(store))
    .limit(limit);
}

async function searchSealedTitles(
  store: Store,
  ownerId: string,
  needle: string,
  limit: number,
): Promise<ListRow[]> {
  const { t } = store;
  const found: ListRow[] = [];
  let last: ListRow | undefined;
  for (;;) {
    const after = last
      ? or(
          lt(t.consultations.createdAt, last.createdAt),
          and(eq(t.consultations.createdAt, last.createdAt), lt(t.consultations.id, last.id)),
        )
      : undefined;
    const batch = await ownerRows(store, ownerId, after, TITLE_SCAN_BATCH);
    for (const row of batch) {
      const title = row.title === null ? "" : store.cipher.open(row.title, titleContext(row.id));
      if (title.toLocaleLowerCase().includes(needle)) found.push(row);
      if (found.length === limit) return found;
    }
    if (batch.length < TITLE_SCAN_BATCH) return found;
    last = batch.at(-1);
  }
}

/**
 * Each row's preview, opened. Rows written before previews were stored have none: their notes are
 * read instead, for those rows of this page only.
 */
async function openPreviews(store: Store, rows: ListRow[]): Promise<Map<string, string>> {
  const previews = new Map<string, string>();
  const missing: string[] = [];
  for (const row of rows) {
    if (row.preview === null) missing.push(row.id);
    else previews.set(row.id, store.cipher.open(row.preview, previewContext(row.id)));
  }
  if (missing.length > 0) {
    const { db, t } = store;
    const older = await db
      .select({ id: t.consultations.id, notes: t.consultations.notes })
      .from(t.consultations)
      .where(and(inArray(t.consultations.id, missing), isNull(t.consultations.preview)));
    for (const row of older)
      previews.set(row.id, previewOf(store.cipher.open(row.notes, notesContext(row.id))));
  }
  return previews;
}

type LatestSummary = { status: SummaryStatus; errorCode: string | null; promptId: string };

/** The status of each consultation's newest summary, in one query; absent when it has none. */
async function latestSummaries(store: Store, consultationIds: string[]): Promise<Map<string, LatestSummary>> {
  const latest = new Map<string, LatestSummary>();
  if (consultationIds.length === 0) return latest;
  const { db, t } = store;
  const rows = await db
    .select({
      consultationId: t.summaries.consultationId,
      status: t.summaries.status,
      errorCode: t.summaries.errorCode,
      promptId: t.summaries.promptId,
    })
    .from(t.summaries)
    .where(inArray(t.summaries.consultationId, consultationIds))
    .orderBy(desc(t.summaries.createdAt));
  for (const row of rows) {
    if (!latest.has(row.consultationId)) latest.set(row.consultationId, row);
  }
  return latest;
}

/**
 * Deletes the owner's consultation and (FK cascade) its summaries, then scrubs the freed pages
 * from the database file. False when there is no such consultation for this owner.
 */
export async function deleteConsultation(
  store: Store,
  { id, ownerId }: { id: string; ownerId: string },
): Promise<boolean> {
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
export async function purgeExpiredConsultations(
  store: Store,
  retentionHours: number,
  now = new Date(),
): Promise<number> {
  const { t } = store;
  const cutoff = new Date(now.getTime() - retentionHours * 60 * 60 * 1000);
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
export async function assertStoredTextReadable(store: Store): Promise<void> {
  const { db, t } = store;
  const [row] = await db.select().from(t.consultations).orderBy(desc(t.consultations.createdAt)).limit(1);
  if (row) openConsultation(store.cipher, row);
}
