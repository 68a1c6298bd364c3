import { createHash, randomUUID } from "node:crypto";

import { and, asc, eq, gte } from "drizzle-orm";

import { monotonicNow } from "../db/monotonic-clock";
import type { SummaryRating } from "../db/schema.server";
import type { Store } from "../db/store.server";
import type { FieldCipher } from "../security/field-encryption.server";
import { openSummary } from "./summary.server";

// Clinicians' clarity ratings of the model's ORIGINAL summary text (never a clinician's revision),
// stored with the prompt that produced it so the eval package can import them
// (`npm run eval -- ratings import <file>`, lines shaped like its ratingInputSchema). Comments may
// hold PHI: sealed on every write and opened on every read. Ratings go with their summary (FK
// cascade), so with their consultation on deletion and on the retention purge.

export type Rating = SummaryRating;

export const CLARITY_MIN = 1;
export const CLARITY_MAX = 5;
export const RATING_COMMENT_MAX_LENGTH = 2000;

export interface RatingProblem {
  code: "clarity_invalid" | "comment_too_long" | "rater_missing" | "summary_not_complete";
  message: string;
}

/** Thrown by rateSummary for input validateRatingInput rejects, or a summary not yet complete. */
export class RatingValidationError extends Error {
  constructor(readonly problems: RatingProblem[]) {
    super(problems.map((problem) => problem.message).join(" "));
    this.name = "RatingValidationError";
  }
}

// Bound to the natural key (unique per row) so an upsert that keeps the first row's id still opens.
const commentContext = (summaryId: string, raterId: string) =>
  `summary_ratings.comment:${summaryId}:${raterId}`;

/** A stored rating row with its comment opened. */
export function openRating(cipher: FieldCipher, row: SummaryRating): Rating {
  return {
    ...row,
    comment:
      row.comment === null ? null : cipher.open(row.comment, commentContext(row.summaryId, row.raterId)),
  };
}

/** sha256 hex of the exact text rated, as the eval computes its outputHash. */
export function outputHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Problems with a rating's input (the comment is checked after trimming); empty when valid. */
export function validateRatingInput({
  clarity,
  comment,
  raterId,
}: {
  clarity: unknown;
  comment?: string | null;
  raterId?: string;
}): RatingProblem[] {
  const problems: RatingProblem[] = [];
  if (
    typeof clarity !== "number" ||
    !Number.isInteger(clarity) ||
    clarity < CLARITY_MIN ||
    clarity > CLARITY_MAX
  ) {
    problems.push({
      code: "clarity_invalid",
      message: `Clarity must be a whole number from ${CLARITY_MIN} to ${CLARITY_MAX}.`,
    });
  }
  const trimmed = comment?.trim() ?? "";
  if (trimmed.length > RATING_COMMENT_MAX_LENGTH) {
    problems.push({
      code: "comment_too_long",
      message: `The comment is ${trimmed.length} characters; the limit is ${RATING_COMMENT_MAX_LENGTH}.`,
    });
  }
  if (raterId !== undefined && !raterId.trim()) {
    problems.push({ code: "rater_missing", message: "A rating needs a rater." });
  }
  return problems;
}

/**
 * Records `raterId`'s rating of the summary's original text, replacing their earlier rating of it.
 * Undefined when there is no such summary or its consultation is not `ownerId`'s; otherwise throws
 * RatingValidationError for invalid input or a summary that is not complete. A blank comment is
 * stored as null.
 */
export async function rateSummary(
  store: Store,
  {
    summaryId,
    ownerId,
    raterId,
    clarity,
    comment,
  }: {
    summaryId: string;
    ownerId: string;
    raterId: string;
    clarity: number;
    comment?: string | null;
  },
): Promise<Rating | undefined> {
  const { db, t } = store;
  const [owned] = await db
    .select({ summary: t.summaries })
    .from(t.summaries)
    .innerJoin(t.consultations, eq(t.summaries.consultationId, t.consultations.id))
    .where(and(eq(t.summaries.id, summaryId), eq(t.consultations.ownerId, ownerId)));
  if (!owned) return undefined;
  const problems = validateRatingInput({ clarity, comment, raterId });
  if (owned.summary.status !== "complete") {
    problems.push({
      code: "summary_not_complete",
      message: "Only a summary that finished can be rated.",
    });
  }
  if (problems.length > 0) throw new RatingValidationError(problems);

  const summary = openSummary(store.cipher, owned.summary);
  const trimmed = comment?.trim();
  const values = {
    clarity,
    comment: trimmed ? store.cipher.seal(trimmed, commentContext(summaryId, raterId)) : null,
    promptId: summary.promptId,
    promptVersion: summary.promptVersion,
    promptHash: summary.promptHash,
    outputHash: outputHash(summary.text),
    createdAt: monotonicNow(),
  };
  const [row] = await db
    .insert(t.summaryRatings)
    .values({ id: randomUUID(), summaryId, raterId, ...values })
    .onConflictDoUpdate({ target: [t.summaryRatings.summaryId, t.summaryRatings.raterId], set: values })
    .returning();
  return openRating(store.cipher, row!);
}

/** `raterId`'s rating of the summary, if any. */
export async function getRating(
  store: Store,
  {
    summaryId,
    raterId,
  }: {
    summaryId: string;
    raterId: string;
  },
): Promise<Rating | undefined> {
  const { db, t } = store;
  const [row] = await db
    .select()
    .from(t.summaryRatings)
    .where(and(eq(t.summaryRatings.summaryId, summaryId), eq(t.summaryRatings.raterId, raterId)));
  return row && openRating(store.cipher, row);
}

const PROMPT_VERSION = /^v\d+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Ratings made at or after `since` (all when omitted), oldest first, as JSONL for
 * `npm run eval -- ratings import`: one line per rating, each matching the eval's ratingInputSchema
 * (caseId = summary id, rater = rater id, ratedAt = when it was last rated). The output holds the
 * (opened) comments, which may be PHI. Ratings of summaries whose prompt fields the eval would
 * reject (empty id, version not "v<n>", hash not sha256 hex) are left out, since one bad line stops
 * the whole import. Ends with a newline unless empty.
 */
export async function exportRatingsForEval(store: Store, { since }: { since?: Date } = {}): Promise<string> {
  const { db, t } = store;
  const rows = await db
    .select()
    .from(t.summaryRatings)
    .where(since ? gte(t.summaryRatings.createdAt, since) : undefined)
    .orderBy(asc(t.summaryRatings.createdAt), asc(t.summaryRatings.id));
  const lines: string[] = [];
  for (const rating of rows.map((row) => openRating(store.cipher, row))) {
    const acceptable =
      rating.promptId.length > 0 &&
      PROMPT_VERSION.test(rating.promptVersion) &&
      SHA256_HEX.test(rating.promptHash);
    if (!acceptable) continue;
    lines.push(
      evalRatingLine({
        promptId: rating.promptId,
        promptVersion: rating.promptVersion,
        promptHash: rating.promptHash,
        caseId: rating.summaryId,
        outputHash: rating.outputHash,
        rater: rating.raterId,
        clarity: rating.clarity,
        comment: rating.comment,
        ratedAt: rating.createdAt,
      }),
    );
  }
  return jsonl(lines);
}

/** One line of the eval's ratings format (its ratingInputSchema), keys in its order. */
export function evalRatingLine(rating: {
  promptId: string;
  promptVersion: string;
  promptHash: string;
  caseId: string;
  outputHash: string;
  rater: string;
  clarity: number;
  comment: string | null;
  ratedAt: Date;
}): string {
  return JSON.stringify({ ...rating, ratedAt: rating.ratedAt.toISOString() });
}

/** Lines joined as JSONL: ends with a newline unless empty. */
export function jsonl(lines: string[]): string {
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
