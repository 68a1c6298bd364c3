import { randomUUID } from "node:crypto";

import { and, desc, eq, sql } from "drizzle-orm";

import { getDb } from "../db/client.server";
import { consultations, summaries, summaryRevisions, type SummaryRevision } from "../db/schema.server";
import { openText, sealText } from "../security/field-encryption.server";

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
export function openRevision(row: SummaryRevision): Revision {
  return { ...row, text: openText(row.text, textContext(row.id)) };
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

function ownsSummary(summaryId: string, ownerId: string): boolean {
  const row = getDb()
    .select({ id: summaries.id })
    .from(summaries)
    .innerJoin(consultations, eq(summaries.consultationId, consultations.id))
    .where(and(eq(summaries.id, summaryId), eq(consultations.ownerId, ownerId)))
    .get();
  return row !== undefined;
}

/**
 * Saves `text` (trimmed) as the newest revision of the summary, authored by `ownerId`. Undefined
 * when there is no such summary or its consultation is not `ownerId`'s; otherwise throws
 * RevisionValidationError when validateRevisionText finds problems (call it first to show them).
 */
export function addRevision({
  summaryId,
  ownerId,
  text,
}: {
  summaryId: string;
  ownerId: string;
  text: string;
}): Revision | undefined {
  if (!ownsSummary(summaryId, ownerId)) return undefined;
  const problems = validateRevisionText(text);
  if (problems.length > 0) throw new RevisionValidationError(problems);
  const id = randomUUID();
  const row = getDb()
    .insert(summaryRevisions)
    .values({ id, summaryId, authorId: ownerId, text: sealText(text.trim(), textContext(id)) })
    .returning()
    .get();
  return openRevision(row);
}

// Newest first; rowid breaks ties between revisions saved in the same millisecond.
const newestFirst = [desc(summaryRevisions.createdAt), desc(sql`rowid`)];

/** The newest revision of the summary (the text the clinician last saved), if any. */
export function latestRevision(summaryId: string): Revision | undefined {
  const row = getDb()
    .select()
    .from(summaryRevisions)
    .where(eq(summaryRevisions.summaryId, summaryId))
    .orderBy(...newestFirst)
    .limit(1)
    .get();
  return row && openRevision(row);
}

/** Every revision of the summary, newest first. */
export function listRevisions(summaryId: string): Revision[] {
  return getDb()
    .select()
    .from(summaryRevisions)
    .where(eq(summaryRevisions.summaryId, summaryId))
    .orderBy(...newestFirst)
    .all()
    .map(openRevision);
}
