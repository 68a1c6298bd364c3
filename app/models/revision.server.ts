import { randomUUID } from "node:crypto";

import { desc, eq } from "drizzle-orm";

import type { SummaryRevision } from "../db/schema.server";
import type { Store } from "../db/store.server";
import type { FieldCipher } from "../security/field-encryption.server";
import { getOwnedSummary } from "./summary.server";

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

/** The text a save was compared with: the newest revision's, or the model's (number 0) before any edit. */
export interface CurrentText {
  number: number;
  text: string;
}

export type SaveRevisionResult =
  | { status: "saved"; revision: Revision }
  /** Someone saved since `basedOn`: nothing was written; `theirs` is what is there now. */
  | { status: "conflict"; theirs: CurrentText };

/** The summary's newest text and its revision number (0: the model's own, not edited). */
export async function currentText(store: Store, summary: { id: string; text: string }): Promise<CurrentText> {
  const latest = await latestRevision(store, summary.id);
  return latest ? { number: latest.number, text: latest.text } : { number: 0, text: summary.text };
}

/**
 * Saves `text` (trimmed) as revision `basedOn + 1` of the summary, authored by `ownerId`, only if
 * `basedOn` is still its newest revision (0: the model's text, never edited); otherwise answers the
 * conflict and writes nothing. The unique (summary, number) index makes the check atomic: of two
 * saves based on the same revision, on either database, exactly one inserts its number.
 * Undefined when there is no such summary or its consultation is not `ownerId`'s; throws
 * RevisionValidationError when validateRevisionText finds problems (call it first to show them).
 */
export async function addRevision(
  store: Store,
  {
    summaryId,
    ownerId,
    text,
    basedOn,
  }: {
    summaryId: string;
    ownerId: string;
    text: string;
    basedOn: number;
  },
): Promise<SaveRevisionResult | undefined> {
  const owned = await getOwnedSummary(store, { id: summaryId, ownerId });
  if (!owned) return undefined;
  const problems = validateRevisionText(text);
  if (problems.length > 0) throw new RevisionValidationError(problems);
  const before = await currentText(store, owned.summary);
  // A base newer than the newest revision would leave a gap in the numbers: refuse it as well.
  if (before.number !== basedOn) return { status: "conflict", theirs: before };
  const { db, t } = store;
  const id = randomUUID();
  const [row] = await db
    .insert(t.summaryRevisions)
    .values({
      id,
      summaryId,
      authorId: ownerId,
      number: basedOn + 1,
      text: store.cipher.seal(text.trim(), textContext(id)),
    })
    .onConflictDoNothing({ target: [t.summaryRevisions.summaryId, t.summaryRevisions.number] })
    .returning();
  if (!row) return { status: "conflict", theirs: await currentText(store, owned.summary) };
  return { status: "saved", revision: openRevision(store.cipher, row) };
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
  const query = db
    .select()
    .from(t.summaryRevisions)
    .where(eq(t.summaryRevisions.summaryId, summaryId))
    .orderBy(desc(t.summaryRevisions.number));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map((row) => openRevision(store.cipher, row));
}
