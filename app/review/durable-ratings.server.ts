// The workbench's ratings live in the app's database (ADR 013); the eval store at EVAL_DB is the
// instance's working copy, which the gate status, clarity figures and queue read. Copying them in
// before each read means a fresh instance (a deploy, a new disk) shows every reviewer's ratings.
import { addRating, type EvalDatabase } from "@consult-summary/eval/store";

import type { Store } from "~/db/store.server";
import { listReviewRatings, toRatingInput } from "~/models/review-rating.server";

/** Adds the app database's reviewer ratings the eval store lacks; returns how many it added. */
export async function mirrorReviewRatings(store: Store, db: EvalDatabase): Promise<number> {
  const ratings = await listReviewRatings(store);
  let added = 0;
  db.transaction(() => {
    for (const rating of ratings) if (addRating(db, toRatingInput(rating), "web")) added++;
  });
  return added;
}
