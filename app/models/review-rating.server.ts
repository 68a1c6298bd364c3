import { randomUUID } from "node:crypto";

import { asc, gte } from "drizzle-orm";

import { ratingInputSchema, type RatingInput } from "@consult-summary/eval/store";

import type { ReviewRating } from "../db/schema.server";
import type { Store } from "../db/store.server";
import type { FieldCipher } from "../security/field-encryption.server";
import { evalRatingLine, jsonl } from "./rating.server";

// Reviewers' clarity ratings of eval outputs, made in the workbench (/review/queue). The app's
// database is where they live (ADR 013): the eval store at EVAL_DB is on an instance's disk and a
// deploy starts it afresh, so the workbench copies these into it before reading (mirrorInto…) and
// admins export them with clinicians' ratings (/admin/ratings.jsonl → `npm run eval -- ratings
// import`). Same key and first-rating-wins rule as the eval store. Comments are sealed like
// clinicians' comments.

const commentContext = (id: string) => `review_ratings.comment:${id}`;

function openReviewRating(cipher: FieldCipher, row: ReviewRating): ReviewRating {
  return { ...row, comment: row.comment === null ? null : cipher.open(row.comment, commentContext(row.id)) };
}

/** The rating as the eval store and its ratings files take it. */
export function toRatingInput(rating: ReviewRating): RatingInput {
  return {
    promptId: rating.promptId,
    promptVersion: rating.promptVersion,
    promptHash: rating.promptHash,
    caseId: rating.caseId,
    outputHash: rating.outputHash,
    rater: rating.raterId,
    clarity: rating.clarity,
    comment: rating.comment,
    ratedAt: rating.ratedAt,
  };
}

/**
 * Stores a reviewer's rating of one eval output (checked with the eval's own ratingInputSchema,
 * which throws on anything it would refuse to import). A rater's second rating of the same output
 * is skipped, as in the eval store: returns whether this one was stored.
 */
export async function saveReviewRating(store: Store, input: RatingInput): Promise<boolean> {
  const parsed = ratingInputSchema.parse(input);
  const id = randomUUID();
  const comment = parsed.comment?.trim() || null;
  const rows = await store.db
    .insert(store.t.reviewRatings)
    .values({
      id,
      promptId: parsed.promptId,
      promptVersion: parsed.promptVersion,
      promptHash: parsed.promptHash,
      caseId: parsed.caseId,
      outputHash: parsed.outputHash,
      raterId: parsed.rater,
      clarity: parsed.clarity,
      comment: comment === null ? null : store.cipher.seal(comment, commentContext(id)),
      source: "web",
      ratedAt: parsed.ratedAt,
    })
    .onConflictDoNothing()
    .returning({ id: store.t.reviewRatings.id });
  return rows.length === 1;
}

/** Reviewers' ratings made at or after `since` (all when omitted), oldest first, comments opened. */
export async function listReviewRatings(
  store: Store,
  { since }: { since?: Date } = {},
): Promise<ReviewRating[]> {
  const { db, t } = store;
  const rows = await db
    .select()
    .from(t.reviewRatings)
    .where(since ? gte(t.reviewRatings.ratedAt, since) : undefined)
    .orderBy(asc(t.reviewRatings.ratedAt), asc(t.reviewRatings.id));
  return rows.map((row) => openReviewRating(store.cipher, row));
}

/** Reviewers' ratings as JSONL lines of the eval's ratings format (comments opened: may be PHI). */
export async function exportReviewRatingsForEval(
  store: Store,
  options: { since?: Date } = {},
): Promise<string> {
  const ratings = await listReviewRatings(store, options);
  return jsonl(
    ratings.map((rating) => evalRatingLine({ ...toRatingInput(rating), comment: rating.comment })),
  );
}
