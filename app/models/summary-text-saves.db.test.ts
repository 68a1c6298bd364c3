// Partial summary text is saved for all running summaries in one statement per batch: each row
// gets its own text, sealed like every other write, and a late save never reverts a finished row.
import { randomBytes } from "node:crypto";

import { afterAll, describe, expect, it } from "vitest";

import { createConsultation } from "./consultation.server";
import { createSummary, finishSummary, getSummary, saveStreamingTexts } from "./summary.server";
import {
  releaseDatabase,
  storedAnywhere,
  TEST_SUMMARY_ORIGIN,
  testStore,
  useDatabase,
} from "../../test/support/in-process-database";

afterAll(releaseDatabase);

async function streamingSummaries(count: number) {
  const consultation = await createConsultation(testStore(), {
    ownerId: "owner-1",
    notes: "Cough for a week.",
  });
  const summaries = [];
  for (let i = 0; i < count; i++)
    summaries.push(await createSummary(testStore(), consultation.id, TEST_SUMMARY_ORIGIN, "streaming"));
  return summaries;
}

describe("saveStreamingTexts", () => {
  it("gives every row its own text, across more rows than one batch holds", async () => {
    await useDatabase({ key: randomBytes(32) });
    const summaries = await streamingSummaries(620);
    const textOf = (index: number) => `## Assessment\nRow ${index}: "quoted", it's fine; ünïcode ✓`;
    await saveStreamingTexts(
      testStore(),
      summaries.map((summary, index) => ({ id: summary.id, text: textOf(index) })),
    );

    for (const index of [0, 1, 99, 100, 619]) {
      const stored = await getSummary(testStore(), summaries[index]!.id);
      expect(stored?.text).toBe(textOf(index));
      expect(stored?.status).toBe("streaming");
      expect(stored?.heartbeatAt).toBeInstanceOf(Date);
    }
    expect(await storedAnywhere(textOf(7))).toBe(false); // sealed at rest
  });

  it("leaves a summary that has finished meanwhile as it ended", async () => {
    await useDatabase();
    const [finished, running] = await streamingSummaries(2);
    await finishSummary(testStore(), finished!.id, {
      status: "complete",
      text: "Final text.",
      latencyMs: 12,
    });

    await saveStreamingTexts(testStore(), [
      { id: finished!.id, text: "Final te" },
      { id: running!.id, text: "Partial" },
    ]);

    expect(await getSummary(testStore(), finished!.id)).toMatchObject({
      status: "complete",
      text: "Final text.",
    });
    expect(await getSummary(testStore(), running!.id)).toMatchObject({
      status: "streaming",
      text: "Partial",
    });
  });

  it("does nothing for an empty list", async () => {
    await useDatabase();
    await expect(saveStreamingTexts(testStore(), [])).resolves.toBeUndefined();
  });
});
