// The clinician's consultation list: newest first, only their own, each with the status of its
// newest summary (read for the whole page at once).
import { afterAll, describe, expect, it } from "vitest";

import { createConsultation, listConsultations } from "../../app/models/consultation.server";
import { createSummary, finishSummary } from "../../app/models/summary.server";
import { releaseDatabase, TEST_SUMMARY_ORIGIN, useDatabase } from "../support/in-process-database";

afterAll(releaseDatabase);

async function consultationWith(
  ownerId: string,
  title: string,
  outcomes: Array<"complete" | "failed" | "streaming">,
) {
  const consultation = await createConsultation({ ownerId, title, notes: `Notes of ${title}.` });
  for (const outcome of outcomes) {
    const summary = await createSummary(consultation.id, TEST_SUMMARY_ORIGIN, "streaming");
    if (outcome !== "streaming") {
      await finishSummary(summary.id, { status: outcome, text: "Summary.", latencyMs: 3 });
    }
  }
  return consultation;
}

describe("listConsultations", () => {
  it("gives each of the owner's consultations its newest summary's status, newest consultation first", async () => {
    await useDatabase();
    await consultationWith("owner-1", "Bed 4", ["failed", "complete"]);
    await consultationWith("owner-1", "Bed 7", []);
    await consultationWith("owner-2", "Someone else's", ["complete"]);
    await consultationWith("owner-1", "Bed 9", ["complete", "failed", "streaming"]);

    const list = await listConsultations({ ownerId: "owner-1" });

    expect(list.map(({ title, latestStatus }) => ({ title, latestStatus }))).toEqual([
      { title: "Bed 9", latestStatus: "streaming" },
      { title: "Bed 7", latestStatus: null },
      { title: "Bed 4", latestStatus: "complete" },
    ]);
    expect(list[0]!.preview).toBe("Notes of Bed 9.");
  });

  it("filters by title and limits the page before reading statuses", async () => {
    await useDatabase();
    for (const bed of [1, 2, 3]) await consultationWith("owner-1", `Ward B bed ${bed}`, ["failed"]);
    await consultationWith("owner-1", "Ward C bed 1", ["complete"]);

    const list = await listConsultations({ ownerId: "owner-1", query: "ward b", limit: 2 });

    expect(list.map(({ title, latestStatus }) => [title, latestStatus])).toEqual([
      ["Ward B bed 3", "failed"],
      ["Ward B bed 2", "failed"],
    ]);
    expect(await listConsultations({ ownerId: "nobody" })).toEqual([]);
  });
});
