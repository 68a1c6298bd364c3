import { randomUUID } from "node:crypto";

import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import type { EvalDatabase } from "./db";
import { ratings, type EvalResult, type EvalRun, type Rating } from "./schema";

export const ratingInputSchema = z
  .object({
    promptId: z.string().min(1),
    promptVersion: z.string().regex(/^v\d+$/),
    promptHash: z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest"),
    caseId: z.string().min(1),
    outputHash: z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest"),
    rater: z.string().trim().min(1, "is required: who made this rating"),
    clarity: z.number().int("must be a whole number").min(1).max(5),
    comment: z.string().max(2000).nullish(),
    ratedAt: z.coerce.date(),
  })
  .strict();

export type RatingInput = z.infer<typeof ratingInputSchema>;

/** Stores one rating; a rater's second rating of the same output replaces nothing and is skipped. */
export function addRating(db: EvalDatabase, input: RatingInput, source: Rating["source"]): boolean {
  const parsed = ratingInputSchema.parse(input);
  const result = db
    .insert(ratings)
    .values({ id: randomUUID(), ...parsed, comment: parsed.comment ?? null, source })
    .onConflictDoNothing()
    .run();
  return result.changes === 1;
}

export interface ClaritySummary {
  count: number;
  mean: number | null;
}

export function summarizeClarity(db: EvalDatabase, promptHash: string): ClaritySummary {
  const row = db
    .select({ count: sql<number>`count(*)`, mean: sql<number | null>`avg(${ratings.clarity})` })
    .from(ratings)
    .where(eq(ratings.promptHash, promptHash))
    .get();
  return { count: row?.count ?? 0, mean: row?.mean ?? null };
}

/** Ratings oldest first, of one prompt id and/or version when asked (`v1` alone means every id's v1). */
export function listRatings(
  db: EvalDatabase,
  filter: { promptId?: string; promptVersion?: string } = {},
): Rating[] {
  const where = and(
    filter.promptId ? eq(ratings.promptId, filter.promptId) : undefined,
    filter.promptVersion ? eq(ratings.promptVersion, filter.promptVersion) : undefined,
  );
  return db.select().from(ratings).where(where).orderBy(asc(ratings.ratedAt), asc(ratings.id)).all();
}

export function ratedOutputKeys(db: EvalDatabase, promptHash: string, rater: string): Set<string> {
  const rows = db
    .select({ caseId: ratings.caseId, outputHash: ratings.outputHash })
    .from(ratings)
    .where(and(eq(ratings.promptHash, promptHash), eq(ratings.rater, rater)))
    .all();
  return new Set(rows.map((row) => `${row.caseId}\u0000${row.outputHash}`));
}

/** Rates one output of a run: the rating is tied to the run's exact prompt file and to that output. */
export function rateRunOutput(
  db: EvalDatabase,
  run: Pick<EvalRun, "promptId" | "promptVersion" | "promptHash">,
  result: Pick<EvalResult, "caseId" | "outputHash">,
  rating: { rater: string; clarity: number; comment?: string | null },
  source: Rating["source"],
): boolean {
  return addRating(
    db,
    {
      promptId: run.promptId,
      promptVersion: run.promptVersion,
      promptHash: run.promptHash,
      caseId: result.caseId,
      outputHash: result.outputHash,
      rater: rating.rater,
      clarity: rating.clarity,
      comment: rating.comment || null,
      ratedAt: new Date(),
    },
    source,
  );
}
