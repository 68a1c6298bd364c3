// Reviewers' workbench ratings in the app's database: stored once per rater and output, comments
// sealed at rest, exported in the eval's ratings format, copied into a fresh eval store. Runs the
// models in-process against real SQLite (and PostgreSQL in the postgres project).
import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { importRatingFiles } from "@consult-summary/eval/ratings";
import {
  listRatings,
  openEvalDatabase,
  ratingInputSchema,
  type RatingInput,
} from "@consult-summary/eval/store";

import { mirrorReviewRatings } from "../review/durable-ratings.server";
import { exportReviewRatingsForEval, listReviewRatings, saveReviewRating } from "./review-rating.server";
import {
  releaseDatabase,
  storedAnywhere,
  storedRows,
  testStore,
  useDatabase,
} from "../../test/support/in-process-database";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function rating(overrides: Partial<RatingInput> = {}): RatingInput {
  return {
    promptId: "consultation-summary",
    promptVersion: "v1",
    promptHash: sha256("prompt v1"),
    caseId: "cs-001",
    outputHash: sha256("output of cs-001"),
    rater: "user_reviewer",
    clarity: 4,
    comment: null,
    ratedAt: new Date("2026-12-01T10:00:00.000Z"),
    ...overrides,
  };
}

afterAll(releaseDatabase);

describe("reviewers' ratings in the app database", () => {
  it("stores one rating per rater and output; a second is skipped, as in the eval store", async () => {
    await useDatabase();
    expect(await saveReviewRating(testStore(), rating({ clarity: 4 }))).toBe(true);
    expect(await saveReviewRating(testStore(), rating({ clarity: 1 }))).toBe(false);
    const later = (minutes: number) => new Date(Date.parse("2026-12-01T10:00:00.000Z") + minutes * 60_000);
    expect(
      await saveReviewRating(testStore(), rating({ rater: "user_other", clarity: 2, ratedAt: later(1) })),
    ).toBe(true);
    expect(
      await saveReviewRating(testStore(), rating({ outputHash: sha256("a new output"), ratedAt: later(2) })),
    ).toBe(true);

    const stored = await listReviewRatings(testStore());
    expect(stored.map((row) => [row.raterId, row.clarity, row.source])).toEqual([
      ["user_reviewer", 4, "web"],
      ["user_other", 2, "web"],
      ["user_reviewer", 4, "web"],
    ]);
    const [count] = await storedRows<{ n: number | string }>("select count(*) as n from review_ratings");
    expect(Number(count?.n)).toBe(3);
  });

  it("refuses what the eval's import would refuse", async () => {
    await useDatabase();
    await expect(saveReviewRating(testStore(), rating({ clarity: 6 }))).rejects.toThrow();
    await expect(saveReviewRating(testStore(), rating({ promptHash: "not-a-hash" }))).rejects.toThrow();
    await expect(saveReviewRating(testStore(), rating({ rater: " " }))).rejects.toThrow();
    expect(await listReviewRatings(testStore())).toEqual([]);
  });

  it("seals comments at rest and opens them on read", async () => {
    await useDatabase({ key: randomBytes(32) });
    const comment = "Plan omits the follow-up interval";
    await saveReviewRating(testStore(), rating({ comment: `  ${comment}  ` }));
    expect(await storedAnywhere(comment)).toBe(false);
    const [row] = await storedRows<{ comment: string }>("select comment from review_ratings");
    expect(row!.comment).not.toContain(comment);
    expect((await listReviewRatings(testStore()))[0]!.comment).toBe(comment);
  });

  it("exports JSONL the eval's `ratings import` takes, oldest first, with `since`", async () => {
    const dataDir = await useDatabase({ key: randomBytes(32) });
    expect(await exportReviewRatingsForEval(testStore())).toBe("");
    const older = rating({ caseId: "cs-002", clarity: 3, ratedAt: new Date("2026-12-01T09:00:00.000Z") });
    const newer = rating({
      comment: 'Fine; "quoted"\nnewline',
      ratedAt: new Date("2026-12-01T11:00:00.000Z"),
    });
    await saveReviewRating(testStore(), newer);
    await saveReviewRating(testStore(), older);

    const jsonl = await exportReviewRatingsForEval(testStore());
    const lines = jsonl.trimEnd().split("\n");
    expect(lines.map((line) => ratingInputSchema.parse(JSON.parse(line)))).toEqual([older, newer]);
    const since = await exportReviewRatingsForEval(testStore(), {
      since: new Date("2026-12-01T10:00:00.000Z"),
    });
    expect(
      since
        .trimEnd()
        .split("\n")
        .map((line) => (JSON.parse(line) as { caseId: string }).caseId),
    ).toEqual(["cs-001"]);

    const file = path.join(dataDir, "web-ratings.jsonl");
    writeFileSync(file, jsonl);
    const evalDb = openEvalDatabase(path.join(dataDir, "eval.sqlite"));
    try {
      expect(importRatingFiles(evalDb, [file])).toEqual({ added: 2, alreadyPresent: 0 });
    } finally {
      evalDb.$client.close();
    }
  });

  it("fills a fresh eval store with every stored rating, once", async () => {
    const dataDir = await useDatabase();
    await saveReviewRating(testStore(), rating({ comment: "ok" }));
    await saveReviewRating(
      testStore(),
      rating({
        caseId: "cs-002",
        rater: "user_other",
        clarity: 2,
        ratedAt: new Date("2026-12-01T10:05:00.000Z"),
      }),
    );
    const evalDb = openEvalDatabase(path.join(dataDir, "fresh-eval.sqlite"));
    try {
      expect(await mirrorReviewRatings(testStore(), evalDb)).toBe(2);
      expect(await mirrorReviewRatings(testStore(), evalDb)).toBe(0);
      expect(
        listRatings(evalDb).map((row) => [row.caseId, row.rater, row.clarity, row.comment, row.source]),
      ).toEqual([
        ["cs-001", "user_reviewer", 4, "ok", "web"],
        ["cs-002", "user_other", 2, null, "web"],
      ]);
    } finally {
      evalDb.$client.close();
    }
  });
});
