// Clinicians' edits (summary revisions) and clarity ratings: owner-scoped, sealed at rest, gone with
// their consultation (deletion and retention purge), and ratings exported in the exact line format
// the eval package imports. Runs the models in-process against real SQLite files.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";

import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { createConsultation, deleteConsultation, purgeExpiredConsultations } from "./consultation.server";
import {
  exportRatingsForEval,
  getRating,
  outputHash,
  rateSummary,
  RatingValidationError,
  validateRatingInput,
} from "./rating.server";
import {
  addRevision,
  latestRevision,
  listRevisions,
  REVISION_MAX_LENGTH,
  RevisionValidationError,
  type SaveRevisionResult,
  validateRevisionText,
} from "./revision.server";
import { createSummary, finishSummary, getSummary } from "./summary.server";

import { openEvalDatabase } from "@consult-summary/eval/store";
import { listRatings, ratingInputSchema } from "@consult-summary/eval/store";
import { importRatingFiles } from "@consult-summary/eval/ratings";
import {
  releaseDatabase,
  storedAnywhere,
  storedRows,
  testConfig,
  testStore,
  useDatabase,
} from "../../test/support/in-process-database";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const ORIGIN = {
  promptId: "consultation-summary",
  promptVersion: "v1",
  promptHash: sha256("prompt v1"),
  provider: "embedded",
  model: "embedded",
};
const HOUR = 60 * 60 * 1000;

const savedId = (result: SaveRevisionResult | undefined) =>
  result?.status === "saved" ? result.revision.id : expect.unreachable(`not saved: ${result?.status}`);

const marker = (label: string) => `${label}-${randomUUID()}`;

async function completedSummary(ownerId: string, text: string, origin = ORIGIN) {
  const consultation = await createConsultation(testStore(), {
    ownerId,
    notes: "Doctor: What brings you in? Patient: A cough.",
  });
  const summary = await createSummary(testStore(), consultation.id, origin, "streaming");
  await finishSummary(testStore(), summary.id, { status: "complete", text, latencyMs: 5 });
  return { consultation, summary: { ...summary, text } };
}

afterAll(releaseDatabase);

describe("summary revisions", () => {
  it("saves edits as sealed revisions for the owner only and keeps the model's text untouched", async () => {
    await useDatabase({ key: randomBytes(32) });
    const original = "## Plan\n- Doxycycline 100 mg twice daily.\n";
    const { summary } = await completedSummary("owner-1", original);
    expect(await latestRevision(testStore(), summary.id)).toBeUndefined();
    expect(await listRevisions(testStore(), summary.id)).toEqual([]);

    const edited = `## Plan\n- Doxycycline 100 mg twice daily for 7 days. ${marker("EDIT")}`;
    expect(
      await addRevision(testStore(), {
        summaryId: summary.id,
        ownerId: "someone-else",
        text: edited,
        basedOn: 0,
      }),
    ).toBeUndefined();
    expect(
      await addRevision(testStore(), {
        summaryId: "no-such-summary",
        ownerId: "owner-1",
        text: edited,
        basedOn: 0,
      }),
    ).toBeUndefined();

    const first = await addRevision(testStore(), {
      summaryId: summary.id,
      ownerId: "owner-1",
      text: `\n  ${edited}  \n`,
      basedOn: 0,
    });
    expect(first).toMatchObject({
      status: "saved",
      revision: { summaryId: summary.id, authorId: "owner-1", text: edited, number: 1 },
    });
    const secondText = `${edited}\n- Review in one week.`;
    const second = await addRevision(testStore(), {
      summaryId: summary.id,
      ownerId: "owner-1",
      text: secondText,
      basedOn: 1,
    });

    expect(await latestRevision(testStore(), summary.id)).toMatchObject({
      id: savedId(second),
      text: secondText,
      number: 2,
    });
    expect((await listRevisions(testStore(), summary.id)).map((revision) => revision.id)).toEqual([
      savedId(second),
      savedId(first),
    ]);
    expect((await getSummary(testStore(), summary.id))?.text).toBe(original);

    const stored = await storedRows<{ text: string }>("select text from summary_revisions");
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row.text).toMatch(/^enc:v1:/);
    expect(await storedAnywhere(edited.slice(10))).toBe(false);
  });

  it("validates the text: trimmed, not empty, at most 100,000 characters", async () => {
    await useDatabase();
    const { summary } = await completedSummary("owner-1", "## Plan\n- Rest.");
    expect(validateRevisionText("## Plan\n- Rest and fluids.")).toEqual([]);
    expect(validateRevisionText(" \n\t ")).toEqual([{ code: "empty", message: expect.any(String) }]);
    expect(validateRevisionText("x".repeat(REVISION_MAX_LENGTH))).toEqual([]);
    expect(validateRevisionText(`  ${"x".repeat(REVISION_MAX_LENGTH)}  `)).toEqual([]);
    expect(validateRevisionText("x".repeat(REVISION_MAX_LENGTH + 1))).toEqual([
      { code: "too_long", message: expect.stringContaining("100,000") },
    ]);

    await expect(
      addRevision(testStore(), { summaryId: summary.id, ownerId: "owner-1", text: "   ", basedOn: 0 }),
    ).rejects.toThrow(RevisionValidationError);
    try {
      await addRevision(testStore(), {
        summaryId: summary.id,
        ownerId: "owner-1",
        text: "y".repeat(REVISION_MAX_LENGTH + 1),
        basedOn: 0,
      });
      expect.unreachable();
    } catch (error) {
      expect((error as RevisionValidationError).problems.map((problem) => problem.code)).toEqual([
        "too_long",
      ]);
      expect((error as Error).message).not.toContain("yyy");
    }
    // A non-owner learns nothing, not even that the text is invalid.
    expect(
      await addRevision(testStore(), {
        summaryId: summary.id,
        ownerId: "someone-else",
        text: "",
        basedOn: 0,
      }),
    ).toBeUndefined();
    expect(await listRevisions(testStore(), summary.id)).toEqual([]);
  });
});

describe("summary ratings", () => {
  it("rates the model's original text with the summary's prompt, one rating per rater (upsert)", async () => {
    await useDatabase({ key: randomBytes(32) });
    const original = "## Assessment\n- Probable community-acquired pneumonia.\n";
    const { summary } = await completedSummary("owner-1", original);
    await addRevision(testStore(), {
      summaryId: summary.id,
      ownerId: "owner-1",
      text: "## Assessment\n- Pneumonia (edited).",
      basedOn: 0,
    });

    expect(
      await rateSummary(testStore(), {
        summaryId: summary.id,
        ownerId: "someone-else",
        raterId: "someone-else",
        clarity: 5,
      }),
    ).toBeUndefined();
    expect(await getRating(testStore(), { summaryId: summary.id, raterId: "someone-else" })).toBeUndefined();

    const comment = `Clear, but ${marker("COMMENT")} missing the dose.`;
    const first = await rateSummary(testStore(), {
      summaryId: summary.id,
      ownerId: "owner-1",
      raterId: "owner-1",
      clarity: 3,
      comment: `  ${comment}  `,
    });
    expect(first).toMatchObject({
      summaryId: summary.id,
      raterId: "owner-1",
      clarity: 3,
      comment,
      promptId: ORIGIN.promptId,
      promptVersion: ORIGIN.promptVersion,
      promptHash: ORIGIN.promptHash,
      outputHash: sha256(original),
    });
    expect(outputHash(original)).toBe(sha256(original));
    expect(await getRating(testStore(), { summaryId: summary.id, raterId: "owner-1" })).toEqual(first);
    expect(
      (await storedRows<{ comment: string }>("select comment from summary_ratings"))[0]!.comment,
    ).toMatch(/^enc:v1:/);
    expect(await storedAnywhere(comment)).toBe(false);

    const second = await rateSummary(testStore(), {
      summaryId: summary.id,
      ownerId: "owner-1",
      raterId: "owner-1",
      clarity: 5,
    });
    expect(second).toMatchObject({ id: first!.id, clarity: 5, comment: null });
    expect(second!.createdAt.getTime()).toBeGreaterThanOrEqual(first!.createdAt.getTime());
    expect(await getRating(testStore(), { summaryId: summary.id, raterId: "owner-1" })).toEqual(second);
    const replacedComment = `Now ${marker("SECOND")}`;
    expect(
      (
        await rateSummary(testStore(), {
          summaryId: summary.id,
          ownerId: "owner-1",
          raterId: "owner-1",
          clarity: 4,
          comment: replacedComment,
        })
      )?.comment,
    ).toBe(replacedComment);
    expect((await getRating(testStore(), { summaryId: summary.id, raterId: "owner-1" }))?.comment).toBe(
      replacedComment,
    );
    expect(await storedRows("select id from summary_ratings")).toHaveLength(1);

    // Another rater of the same summary (the owner passes their ownership, the rater is recorded).
    await rateSummary(testStore(), {
      summaryId: summary.id,
      ownerId: "owner-1",
      raterId: "reviewer-2",
      clarity: 2,
      comment: " ",
    });
    expect(await getRating(testStore(), { summaryId: summary.id, raterId: "reviewer-2" })).toMatchObject({
      clarity: 2,
      comment: null,
    });
    expect(await storedRows("select id from summary_ratings")).toHaveLength(2);
  });

  it("validates clarity (whole number 1–5) and the comment (at most 2000 characters)", async () => {
    await useDatabase();
    const { summary } = await completedSummary("owner-1", "## Plan\n- Rest.");
    expect(validateRatingInput({ clarity: 1 })).toEqual([]);
    expect(validateRatingInput({ clarity: 5, comment: "x".repeat(2000) })).toEqual([]);
    for (const clarity of [0, 6, 2.5, Number.NaN, "3"]) {
      expect(validateRatingInput({ clarity }).map((problem) => problem.code)).toEqual(["clarity_invalid"]);
    }
    expect(validateRatingInput({ clarity: 3, comment: "x".repeat(2001) }).map((p) => p.code)).toEqual([
      "comment_too_long",
    ]);
    expect(validateRatingInput({ clarity: 3, raterId: " " }).map((p) => p.code)).toEqual(["rater_missing"]);

    const rate = (clarity: number, comment?: string) =>
      rateSummary(testStore(), {
        summaryId: summary.id,
        ownerId: "owner-1",
        raterId: "owner-1",
        clarity,
        comment,
      });
    await expect(rate(0)).rejects.toThrow(RatingValidationError);
    await expect(rate(6)).rejects.toThrow(RatingValidationError);
    await expect(rate(4.5)).rejects.toThrow(RatingValidationError);
    await expect(rate(4, "z".repeat(2001))).rejects.toThrow(RatingValidationError);
    expect(await getRating(testStore(), { summaryId: summary.id, raterId: "owner-1" })).toBeUndefined();

    // Only a finished summary can be rated: partial text is not what the prompt produces.
    const consultation = await createConsultation(testStore(), { ownerId: "owner-1", notes: "notes" });
    const streaming = await createSummary(testStore(), consultation.id, ORIGIN, "streaming");
    try {
      await rateSummary(testStore(), {
        summaryId: streaming.id,
        ownerId: "owner-1",
        raterId: "owner-1",
        clarity: 4,
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RatingValidationError);
      expect((error as RatingValidationError).problems.map((p) => p.code)).toEqual(["summary_not_complete"]);
    }
  });
});

describe("exportRatingsForEval", () => {
  it("writes JSONL the eval's ratingInputSchema accepts line by line, and `ratings import` takes", async () => {
    const dataDir = await useDatabase({ key: randomBytes(32) });
    const a = await completedSummary("owner-1", "## Plan\n- Rest and fluids.\n");
    const b = await completedSummary("owner-2", "## Plan\n- Chest X-ray.\n");
    const legacy = await completedSummary("owner-1", "## Plan\n- Old.\n", {
      ...ORIGIN,
      promptVersion: "test",
      promptHash: "hash",
    });
    expect(await exportRatingsForEval(testStore())).toBe("");

    await rateSummary(testStore(), {
      summaryId: a.summary.id,
      ownerId: "owner-1",
      raterId: "owner-1",
      clarity: 4,
      comment: 'Good; "quotes" & line\nbreak',
    });
    await rateSummary(testStore(), {
      summaryId: b.summary.id,
      ownerId: "owner-2",
      raterId: "owner-2",
      clarity: 2,
    });
    await rateSummary(testStore(), {
      summaryId: legacy.summary.id,
      ownerId: "owner-1",
      raterId: "owner-1",
      clarity: 5,
    });
    // Make the ratings' times distinct and known.
    const update = (at: number, summaryId: string) =>
      storedRows("update summary_ratings set created_at = ? where summary_id = ?", new Date(at), summaryId);
    const now = Date.now();
    await update(now - 2 * HOUR, a.summary.id);
    await update(now - HOUR, b.summary.id);

    const jsonl = await exportRatingsForEval(testStore());
    expect(jsonl.endsWith("\n")).toBe(true);
    const lines = jsonl.trimEnd().split("\n");
    expect(lines).toHaveLength(2); // the legacy summary's prompt fields are not importable: left out
    const parsed = lines.map((line) => ratingInputSchema.parse(JSON.parse(line)));
    expect(parsed).toEqual([
      {
        promptId: ORIGIN.promptId,
        promptVersion: "v1",
        promptHash: ORIGIN.promptHash,
        caseId: a.summary.id,
        outputHash: sha256(a.summary.text),
        rater: "owner-1",
        clarity: 4,
        comment: 'Good; "quotes" & line\nbreak',
        ratedAt: new Date(now - 2 * HOUR),
      },
      {
        promptId: ORIGIN.promptId,
        promptVersion: "v1",
        promptHash: ORIGIN.promptHash,
        caseId: b.summary.id,
        outputHash: sha256(b.summary.text),
        rater: "owner-2",
        clarity: 2,
        comment: null,
        ratedAt: new Date(now - HOUR),
      },
    ]);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual([
      "promptId",
      "promptVersion",
      "promptHash",
      "caseId",
      "outputHash",
      "rater",
      "clarity",
      "comment",
      "ratedAt",
    ]);

    const since = (await exportRatingsForEval(testStore(), { since: new Date(now - 90 * 60 * 1000) }))
      .trimEnd()
      .split("\n");
    expect(since.map((line) => (JSON.parse(line) as { caseId: string }).caseId)).toEqual([b.summary.id]);
    expect(await exportRatingsForEval(testStore(), { since: new Date(now + HOUR) })).toBe("");

    // The eval's own importer takes the file as a whole.
    const file = path.join(dataDir, "app-ratings.jsonl");
    writeFileSync(file, jsonl);
    const evalDb = openEvalDatabase(path.join(dataDir, "eval.sqlite"));
    try {
      expect(importRatingFiles(evalDb, [file])).toEqual({ added: 2, alreadyPresent: 0 });
      expect(listRatings(evalDb).map((rating) => [rating.caseId, rating.source])).toEqual([
        [a.summary.id, "import"],
        [b.summary.id, "import"],
      ]);
    } finally {
      evalDb.$client.close();
    }
  });
});

describe("deletion and retention", () => {
  it("removes revisions and ratings with their consultation, text included", async () => {
    await useDatabase();
    const { consultation, summary } = await completedSummary("owner-1", "## Plan\n- Rest.");
    const keep = await completedSummary("owner-1", "## Plan\n- Keep me.");
    const editMarker = marker("EDIT");
    const commentMarker = marker("COMMENT");
    await addRevision(testStore(), {
      summaryId: summary.id,
      ownerId: "owner-1",
      text: `## Plan\n- ${editMarker}`,
      basedOn: 0,
    });
    await rateSummary(testStore(), {
      summaryId: summary.id,
      ownerId: "owner-1",
      raterId: "owner-1",
      clarity: 3,
      comment: commentMarker,
    });
    await addRevision(testStore(), {
      summaryId: keep.summary.id,
      ownerId: "owner-1",
      text: "## Plan\n- Kept edit.",
      basedOn: 0,
    });
    await rateSummary(testStore(), {
      summaryId: keep.summary.id,
      ownerId: "owner-1",
      raterId: "owner-1",
      clarity: 4,
    });
    expect(await storedAnywhere(editMarker)).toBe(true);
    expect(await storedAnywhere(commentMarker)).toBe(true);

    expect(await deleteConsultation(testStore(), { id: consultation.id, ownerId: "owner-1" })).toBe(true);
    expect(await listRevisions(testStore(), summary.id)).toEqual([]);
    expect(await getRating(testStore(), { summaryId: summary.id, raterId: "owner-1" })).toBeUndefined();
    expect(await storedAnywhere(editMarker)).toBe(false);
    expect(await storedAnywhere(commentMarker)).toBe(false);
    expect((await latestRevision(testStore(), keep.summary.id))?.text).toBe("## Plan\n- Kept edit.");
    expect((await getRating(testStore(), { summaryId: keep.summary.id, raterId: "owner-1" }))?.clarity).toBe(
      4,
    );
  });

  it("purges revisions and ratings with expired consultations", async () => {
    await useDatabase({ env: { RETENTION_HOURS: "72" } });
    const old = await completedSummary("owner-1", "## Plan\n- Old.");
    const fresh = await completedSummary("owner-1", "## Plan\n- Fresh.");
    const oldMarker = marker("OLD");
    for (const { summary } of [old, fresh]) {
      await addRevision(testStore(), {
        summaryId: summary.id,
        ownerId: "owner-1",
        text: `## Plan\n- ${summary.id} ${oldMarker}`,
        basedOn: 0,
      });
      await rateSummary(testStore(), {
        summaryId: summary.id,
        ownerId: "owner-1",
        raterId: "owner-1",
        clarity: 5,
      });
    }
    const now = Date.now();
    await storedRows(
      "update consultations set created_at = ? where id = ?",
      new Date(now - 73 * HOUR),
      old.consultation.id,
    );

    expect(await purgeExpiredConsultations(testStore(), testConfig().retentionHours, new Date(now))).toBe(1);
    expect(await listRevisions(testStore(), old.summary.id)).toEqual([]);
    expect(await getRating(testStore(), { summaryId: old.summary.id, raterId: "owner-1" })).toBeUndefined();
    expect(await storedAnywhere(`${old.summary.id} ${oldMarker}`)).toBe(false);
    expect(await listRevisions(testStore(), fresh.summary.id)).toHaveLength(1);
    expect(await getRating(testStore(), { summaryId: fresh.summary.id, raterId: "owner-1" })).toBeDefined();
    expect(await storedRows("select id from summary_revisions")).toHaveLength(1);
    expect(await storedRows("select id from summary_ratings")).toHaveLength(1);
    expect((await exportRatingsForEval(testStore())).trimEnd().split("\n")).toHaveLength(1);
  });
});
