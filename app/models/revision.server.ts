import { randomUUID } from "node:crypto";

import { and, desc, eq } from "drizzle-orm";

import type { SummaryRevision } from "../db/schema.server";
import type { Store } from "../db/store.server";
import type { FieldCipher } from "../security/field-encryption.server";

// A clinician's edit of a summary is saved as a new revision; the model's original text stays in
// summaries.text (the eval rates that). Revision text is PHI: sealed on every write and opened on
// every read, bound to its row by the AAD. Revisions go with their summary (FK cascade), so with
// their consultation on deletion and on the retention purge.

export type Revision = SummaryRevision;

export const REVISION_MAX_LENGTH = 100_000;

export interface RevisionProblem {
  code: "empty" | "too_long";
  message: string;
}

/** Thrown by addRevision for text that validateRevisionText rejects. The message names no text. */
export class RevisionValidationError extends Error {
  constructor(readonly problems: RevisionProblem[]) {
    super(problems.map((problem) => problem.message).join(" "));
    this.name = "RevisionValidationError";
  }
}

const textContext = (id: string) => `summary_revisions.text:${id}`;

/** A stored revision row with its text opened. */
export function openRevision(cipher: FieldCipher, row: SummaryRevision): Revision {
  return { ...row, text: cipher.open(row.text, textContext(row.id)) };
}

/** Problems with revision text (checked after trimming); empty when it can be saved. */
export function validateRevisionText(text: string): RevisionProblem[] {
  const trimmed = text.trim();
  if (!trimmed) return [{ code: "empty", message: "The edited summary is empty." }];
  if (trimmed.length > REVISION_MAX_LENGTH) {
    return [
      {
        code: "too_long",
        message: `The edited summary is ${trimmed.length.toLocaleString("en-US")} characters; the limit is ${REVISION_MAX_LENGTH.toLocaleString("en-US")}.`,
      },
    ];
  }
  return [];
}

async function ownsSummary(store: Store, summaryId: string, ownerId: string): Promise<boolean> {
  const { db, t } = store;
  const rows = await db
    .select({ id: t.summaries.id })
    .from(t.summaries)
    .innerJoin(t.consultations, eq(t.summaries.consultationId, t.consultations.id))
    .where(and(eq(t.summaries.id, summaryId), eq(t.consultations.ownerId, ownerId)));
  return rows.length > 0;
}

/**
 * Saves `text` (trimmed) as the newest revision of the summary, authored by `ownerId`. Undefined
 * when there is no such summary or its consultation is not `ownerId`'s; otherwise throws
 * RevisionValidationError when validateRevisionText finds problems (call it first to show them).
 */
export async function addRevision(
  store: Store,
  {
    summaryId,
    ownerId,
    text,
  }: {
    summaryId: string;
    ownerId: string;
    text: string;
  },
): Promise<Revision | undefined> {
  if (!(await ownsSummary(store, summaryId, ownerId))) return undefined;
  const problems = validateRevisionText(text);
  if (problems.length > 0) throw new RevisionValidationError(problems);
  const { db, t } = store;
  const id = randomUUID();
  const [row] = await db
    .insert(t.summaryRevisions)
    .values({ id, summaryId, authorId: ownerId, text: store.cipher.seal(text.trim(), textContext(id)) })
    .returning();
  return openRevision(store.cipher, row!);
}

/** The newest revision of the summary (the text the clinician last saved), if any. */
export async function latestRevision(store: Store, summaryId: string): Promise<Revision | undefined> {
  const [row] = await listRevisions(store, summaryId, { limit: 1 });
  return row;
}

/** Every revision of the summary (or the newest `limit`), newest first. */
export async function listRevisions(
  store: Store,
  summaryId: string,
  { limit }: { limit?: number } = {},
): Promise<Revision[]> {
  const { db, t } = store;
  // created_at is unique per summary's writer (monotonicNow), so it orders revisions fully.
  const query = db
    .select()
    .from(t.summaryRevisions)
    .where(eq(t.summaryRevisions.summaryId, summaryId))
    .orderBy(desc(t.summaryRevisions.createdAt));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map((row) => openRevision(store.cipher, row));
}
