// Note types through the built server: POST /api/consultation with each noteType streams a summary
// of that type and records its prompt id; an unknown type is refused with a code. The referral
// letter and the after-visit summary are drafts (released, no deployed version): the local
// single-user mode's user is an admin and may write them; with sign-in, only admins may, everyone
// else gets 403 note_type_not_available and never sees them offered.
import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, sessionCookies, type TestClerk } from "../support/clerk";
import { queryServerDatabase } from "../support/server-database";
import { deltaText, openSse } from "../support/sse";
import { WebSession } from "../support/web-session";

const DEPLOYED = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../prompts/deployed.json"), "utf8"),
) as Record<string, string>;

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer();
});

afterAll(async () => {
  await server.stop();
});

async function summarize(body: Record<string, unknown>, headers: Record<string, string> = {}, on = server) {
  const stream = await openSse(`${on.url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ notes: EXAMPLE_CONSULTATION, ...body }),
  });
  expect(stream.status).toBe(200);
  await stream.finished;
  expect(stream.events.at(-1)!.event).toBe("done");
  const { summaryId } = stream.events[0]!.data as { summaryId: string };
  const [row] = await queryServerDatabase<{ prompt_id: string; prompt_version: string }>(
    on,
    "select prompt_id, prompt_version from summaries where id = ?",
    summaryId,
  );
  const { consultationId } = stream.events[0]!.data as { consultationId: string };
  return { text: deltaText(stream.events), row, consultationId };
}

describe("the committed prompts", () => {
  it("deploy the clinical note only: the referral letter and the after-visit summary are drafts", () => {
    expect(DEPLOYED).toEqual({ "consultation-summary": "v1" });
  });
});

describe("POST /api/consultation with a note type, as the local single-user mode's user (an admin)", () => {
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

describe("draft note types with sign-in", () => {
  let clerk: TestClerk;
  let signedIn: AppServer;
  const bearer = (role?: string) =>
    `Bearer ${clerk.sign({ sub: `user_${role ?? "clinician"}`, ...(role ? { metadata: { role } } : {}) })}`;
  const session = (role?: string) => {
    const web = new WebSession(signedIn.url);
    const token = clerk.sign({ sub: `user_${role ?? "clinician"}`, ...(role ? { metadata: { role } } : {}) });
    for (const [name, value] of Object.entries(sessionCookies(token))) web.setCookie(name, value);
    return web;
  };

  beforeAll(async () => {
    clerk = createTestClerk();
    signedIn = await startAppServer({ env: { ...clerk.env, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
  });

  afterAll(async () => {
    await signedIn.stop();
  });

  it.each(["referral-letter", "after-visit-summary"])(
    "refuses %s to a clinician with 403 note_type_not_available, and writes nothing",
    async (noteType) => {
      const response = await fetch(`${signedIn.url}/api/consultation`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: bearer() },
        body: JSON.stringify({ notes: EXAMPLE_CONSULTATION, noteType }),
      });
      expect(response.status).toBe(403);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("note_type_not_available");
      expect(error.message).toMatch(
        /is a draft: no version of it has passed the clinicians' clarity ratings yet/,
      );
      expect(error.message).not.toContain("Patient");
      const [count] = await queryServerDatabase<{ n: number }>(
        signedIn,
        "select count(*) as n from summaries where prompt_id = ?",
        noteType,
      );
      expect(Number(count!.n)).toBe(0);
    },
  );

  it("writes the clinical note for a clinician, and a draft referral letter for an admin", async () => {
    const note = await summarize({ noteType: "clinical-note" }, { authorization: bearer() }, signedIn);
    expect(note.row).toEqual({ prompt_id: "consultation-summary", prompt_version: "v1" });
    const letter = await summarize(
      { noteType: "referral-letter" },
      { authorization: bearer("admin") },
      signedIn,
    );
    expect(letter.text).toMatch(/^Dear colleague,\n/);
    expect(letter.row).toEqual({ prompt_id: "referral-letter", prompt_version: "v1" });
  });

  it("offers the drafts, labelled as drafts, to admins only", async () => {
    const adminPage = await session("admin").page("/");
    expect(adminPage).toContain("Referral letter (draft — not yet rated)");
    expect(adminPage).toContain("Patient after-visit summary (draft — not yet rated)");
    const clinicianPage = await session().page("/");
    expect(clinicianPage).toContain(">Clinical note</option>");
    expect(clinicianPage).not.toContain("Referral letter");
    expect(clinicianPage).not.toContain("after-visit summary");
  });

  it("refuses a clinician's form that names a draft type, and writing a consultation again as one", async () => {
    const clinician = session();
    const created = await clinician.postForm("/?index", {
      notes: EXAMPLE_CONSULTATION,
      noteType: "referral-letter",
    });
    expect(created.status).toBe(403);
    expect(await created.text()).toContain("is a draft");
    const note = await summarize({}, { authorization: bearer() }, signedIn);
    const again = await clinician.postForm(`/consultations/${note.consultationId}`, {
      intent: "regenerate",
      noteType: "after-visit-summary",
    });
    expect(again.status).toBe(403);
  });
});

describe("exports title each note type", () => {
  it.each([
    ["clinical-note", "# Consultation summary"],
    ["referral-letter", "# Referral letter"],
    ["after-visit-summary", "# After-visit summary"],
  ])("%s: %s", async (noteType, title) => {
    const { consultationId } = await summarize({ noteType });
    const markdown = await (
      await fetch(`${server.url}/consultations/${consultationId}/export?format=md`)
    ).text();
    expect(markdown.split("\n")[0]).toBe(title);
    const fhir = (await (
      await fetch(`${server.url}/consultations/${consultationId}/export?format=fhir-document`)
    ).json()) as { description: string };
    expect(fhir.description).toBe(title.slice(2));
  });
});
