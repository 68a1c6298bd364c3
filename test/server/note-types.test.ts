// Note types through the built server: POST /api/consultation with each noteType streams a summary
// of that type and records its prompt id; an unknown type is refused with a code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startAppServer, type AppServer } from "../support/app-server";
import { queryServerDatabase } from "../support/server-database";
import { deltaText, openSse } from "../support/sse";

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer();
});

afterAll(async () => {
  await server.stop();
});

async function summarize(body: Record<string, unknown>) {
  const stream = await openSse(`${server.url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ notes: EXAMPLE_CONSULTATION, ...body }),
  });
  expect(stream.status).toBe(200);
  await stream.finished;
  expect(stream.events.at(-1)!.event).toBe("done");
  const { summaryId } = stream.events[0]!.data as { summaryId: string };
  const [row] = await queryServerDatabase<{ prompt_id: string; prompt_version: string }>(
    server,
    "select prompt_id, prompt_version from summaries where id = ?",
    summaryId,
  );
  return { text: deltaText(stream.events), row };
}

describe("POST /api/consultation with a note type", () => {
  it("writes the clinical note when no type is named, and for clinical-note", async () => {
    const unnamed = await summarize({});
    const named = await summarize({ noteType: "clinical-note" });
    expect(named.text).toBe(unnamed.text);
    expect(unnamed.text).toMatch(/^## Chief complaint/);
    expect(unnamed.row).toEqual({ prompt_id: "consultation-summary", prompt_version: "v1" });
  });

  it("writes a referral letter for referral-letter and records its prompt id", async () => {
    const { text, row } = await summarize({ noteType: "referral-letter" });
    expect(text).toMatch(/^Dear colleague,\n/);
    expect(text).toMatch(/\nThank you for seeing this patient\.$/);
    expect(text).toContain("doxycycline 100 mg");
    expect(row).toEqual({ prompt_id: "referral-letter", prompt_version: "v1" });
  });

  it("writes a plain-language after-visit summary for after-visit-summary and records its prompt id", async () => {
    const { text, row } = await summarize({ noteType: "after-visit-summary" });
    expect(text).toMatch(/^## Why you came in\n/);
    expect(text).toContain("## What to do next");
    expect(text).not.toMatch(/\bthe patient\b/i);
    expect(text).toContain("doxycycline 100 mg");
    expect(row).toEqual({ prompt_id: "after-visit-summary", prompt_version: "v1" });
  });

  it("refuses an unknown note type with 422 unknown_note_type, naming the known ones", async () => {
    const response = await fetch(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notes: EXAMPLE_CONSULTATION, noteType: "discharge-summary" }),
    });
    expect(response.status).toBe(422);
    const { error: body } = (await response.json()) as { error: { code: string; message: string } };
    expect(body.code).toBe("unknown_note_type");
    expect(body.message).toContain("clinical-note, referral-letter, after-visit-summary");
  });

  it("refuses a note type that is not a string with 400 invalid_request", async () => {
    const response = await fetch(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notes: EXAMPLE_CONSULTATION, noteType: 3 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});
