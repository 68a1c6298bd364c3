// Optimistic concurrency of edits: a save names the revision it was based on and is written only
// if that is still the newest; otherwise nothing is written and the caller gets the newer text.
// Concurrent saves run against the real database (a pool of connections on PostgreSQL).
import { randomBytes } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { createConsultation } from "./consultation.server";
import { addRevision, currentText, listRevisions } from "./revision.server";
import { createSummary, finishSummary } from "./summary.server";
import {
  releaseDatabase,
  TEST_SUMMARY_ORIGIN,
  testStore,
  useDatabase,
} from "../../test/support/in-process-database";

afterAll(releaseDatabase);

const MODEL_TEXT = "## Plan\n- Rest.";

async function completedSummary() {
  const consultation = await createConsultation(testStore(), { ownerId: "owner-1", notes: "Cough." });
  const summary = await createSummary(testStore(), consultation.id, TEST_SUMMARY_ORIGIN, "streaming");
  await finishSummary(testStore(), summary.id, { status: "complete", text: MODEL_TEXT, latencyMs: 3 });
  return { ...summary, text: MODEL_TEXT };
}

const save = (summaryId: string, text: string, basedOn: number) =>
  addRevision(testStore(), { summaryId, ownerId: "owner-1", text, basedOn });

describe("saving an edit based on a revision", () => {
  it("numbers revisions from 1 and answers the model's text as revision 0 before any edit", async () => {
    await useDatabase({ key: randomBytes(32) });
    const summary = await completedSummary();
    expect(await currentText(testStore(), summary)).toEqual({ number: 0, text: MODEL_TEXT });
    expect(await save(summary.id, "## Plan\n- Rest, fluids.", 0)).toMatchObject({
      status: "saved",
      revision: { number: 1 },
    });
    expect(await save(summary.id, "## Plan\n- Rest, fluids, review.", 1)).toMatchObject({
      status: "saved",
      revision: { number: 2 },
    });
    expect(await currentText(testStore(), summary)).toEqual({
      number: 2,
      text: "## Plan\n- Rest, fluids, review.",
    });
  });

  it("refuses a save based on an older revision and answers the newer text, writing nothing", async () => {
    await useDatabase();
    const summary = await completedSummary();
    await save(summary.id, "## Plan\n- Tab A's edit.", 0);

    expect(await save(summary.id, "## Plan\n- Tab B's edit.", 0)).toEqual({
      status: "conflict",
      theirs: { number: 1, text: "## Plan\n- Tab A's edit." },
    });
    expect((await listRevisions(testStore(), summary.id)).map((revision) => revision.text)).toEqual([
      "## Plan\n- Tab A's edit.",
    ]);
    // Keep mine: the same text saved on top of theirs.
    expect(await save(summary.id, "## Plan\n- Tab B's edit.", 1)).toMatchObject({
      status: "saved",
      revision: { number: 2, text: "## Plan\n- Tab B's edit." },
    });
  });

  it("refuses a base newer than the newest revision (no gaps in the numbers)", async () => {
    await useDatabase();
    const summary = await completedSummary();
    expect(await save(summary.id, "## Plan\n- Edit.", 3)).toEqual({
      status: "conflict",
      theirs: { number: 0, text: MODEL_TEXT },
    });
    expect(await listRevisions(testStore(), summary.id)).toEqual([]);
  });

  it("lets exactly one of concurrent saves based on the same revision win; each other one gets its text", async () => {
    await useDatabase();
    const summary = await completedSummary();
    await save(summary.id, "## Plan\n- First edit.", 0);
    const texts = Array.from({ length: 6 }, (_, index) => `## Plan\n- Concurrent edit ${index}.`);

    const results = await Promise.all(texts.map((text) => save(summary.id, text, 1)));

    const saved = results.filter((result) => result?.status === "saved");
    const conflicts = results.filter((result) => result?.status === "conflict");
    expect(saved).toHaveLength(1);
    expect(conflicts).toHaveLength(texts.length - 1);
    const winner = saved[0]!.status === "saved" ? saved[0]!.revision : expect.unreachable();
    expect(winner.number).toBe(2);
    for (const conflict of conflicts) {
      expect(conflict).toEqual({ status: "conflict", theirs: { number: 2, text: winner.text } });
    }
    const stored = await listRevisions(testStore(), summary.id);
    expect(stored.map((revision) => revision.number)).toEqual([2, 1]);
    expect(stored[0]!.text).toBe(winner.text);
  });
});
