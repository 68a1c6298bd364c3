// Saving an edit over a newer one, through the built server: the page's fetcher gets 409
// `edit_conflict` with both texts (nothing written), exactly one of two concurrent saves based on
// the same revision wins, and a save on a summary that a regenerate replaced meets the new one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startAppServer, type AppServer } from "../support/app-server";
import { deltaText, openSse } from "../support/sse";
import { WebSession } from "../support/web-session";

let server: AppServer;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => {
  await server?.stop();
});

interface ConflictBody {
  error: {
    code: string;
    message: string;
    mine: string;
    theirs: string;
    theirsRevision: number;
    theirsSummaryId: string;
  };
}

const summaryIdOf = (html: string) => /"summary":\{"id":"([0-9a-f-]{36})"/.exec(html)![1]!;

/** A consultation with a finished summary; what the page's fetcher posts edits to. */
async function consultationWithSummary() {
  const session = new WebSession(server.url);
  const created = await session.postForm("/?index", { notes: EXAMPLE_CONSULTATION });
  const location = created.headers.get("location")!;
  const summaryId = summaryIdOf(await session.page(location));
  const stream = await openSse(`${server.url}/resources/summaries/${summaryId}/stream`);
  await stream.finished;
  const saveEdit = (fields: { summaryId?: string; basedOn?: string; text: string }) =>
    session.postForm(`${location}?_data=routes%2Fconsultations.%24consultationId`, {
      intent: "edit",
      summaryId,
      ...fields,
    });
  return { session, location, summaryId, modelText: deltaText(stream.events), saveEdit };
}

describe("saving an edit over a newer one", () => {
  it("answers 409 edit_conflict with both texts, writes nothing, and saves 'keep mine' on top of theirs", async () => {
    const { session, location, summaryId, saveEdit } = await consultationWithSummary();
    const tabA = "## Plan\n- Chest X-ray today (tab A).";
    const tabB = "## Plan\n- Doxycycline for seven days (tab B).";

    const first = await saveEdit({ basedOn: "0", text: tabA });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ saved: "edit", revision: 1 });

    const stale = await saveEdit({ basedOn: "0", text: tabB });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("cache-control")).toBe("no-store");
    const body = (await stale.json()) as ConflictBody;
    expect(body).toEqual({
      error: {
        code: "edit_conflict",
        message: "This summary was changed in another tab or window after you started editing.",
        mine: tabB,
        theirs: tabA,
        theirsRevision: 1,
        theirsSummaryId: summaryId,
      },
    });
    expect(await session.page(location)).not.toContain("tab B");

    const keepMine = await saveEdit({ basedOn: String(body.error.theirsRevision), text: tabB });
    expect(await keepMine.json()).toEqual({ saved: "edit", revision: 2 });
    const page = await session.page(location);
    expect(page).toContain("tab B");
  });

  it("lets exactly one of two concurrent saves based on the same revision win; the other gets both texts", async () => {
    const { saveEdit } = await consultationWithSummary();
    const texts = ["## Plan\n- Concurrent one.", "## Plan\n- Concurrent two."];
    const responses = await Promise.all(texts.map((text) => saveEdit({ basedOn: "0", text })));

    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const winner = texts[responses.findIndex((response) => response.status === 200)]!;
    const loser = texts[responses.findIndex((response) => response.status === 409)]!;
    const conflict = (await responses.find((response) => response.status === 409)!.json()) as ConflictBody;
    expect(conflict.error).toMatchObject({ mine: loser, theirs: winner, theirsRevision: 1 });
  });

  it("meets the new summary when the one being edited was regenerated meanwhile; the edited text stays under Earlier summaries", async () => {
    const { session, location, summaryId, modelText, saveEdit } = await consultationWithSummary();
    const edited = "## Plan\n- Edited before the regenerate.";
    expect((await saveEdit({ basedOn: "0", text: edited })).status).toBe(200);

    expect((await session.postForm(location, { intent: "regenerate" })).status).toBe(302);
    const page = await session.page(location);
    const newId = summaryIdOf(page);
    expect(newId).not.toBe(summaryId);
    const regenerated = await openSse(`${server.url}/resources/summaries/${newId}/stream`);
    await regenerated.finished;
    // The earlier summary shows its texts: the clinician's edit and the model's.
    const earlier = (await session.page(location)).split('"earlier":')[1]!;
    expect(earlier).toContain("Edited before the regenerate.");
    expect(earlier).toContain(JSON.stringify(modelText).slice(1, 40));

    const late = await saveEdit({ basedOn: "1", text: "## Plan\n- A late edit from a stale tab." });
    expect(late.status).toBe(409);
    expect(((await late.json()) as ConflictBody).error).toEqual({
      code: "edit_conflict",
      message: "A new summary was generated in another tab or window after you started editing.",
      mine: "## Plan\n- A late edit from a stale tab.",
      theirs: deltaText(regenerated.events),
      theirsRevision: 0,
      theirsSummaryId: newId,
    });
  });

  it("refuses an edit that does not say which revision it was based on", async () => {
    const { saveEdit } = await consultationWithSummary();
    const response = await saveEdit({ text: "## Plan\n- No base." });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ConflictBody).error.code).toBe("edit");
  });
});
