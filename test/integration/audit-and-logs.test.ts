import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, sessionCookies, type TestClerk } from "../support/clerk";
import { openSse } from "../support/sse";
import { WebSession } from "../support/web-session";

// A string that appears in the notes only: it must never reach a log line or the audit log.
const MARKER = `PHI-MARKER-${Math.random().toString(36).slice(2)}`;
const NOTES = `Doctor: What brings you in, ${MARKER}?\nPatient: I have had chest pain for two days, ${MARKER}.\nDoctor: Take aspirin 300 mg now and come back tomorrow.`;

let clerk: TestClerk;
let fake: FakeOpenAI;
let server: AppServer;

function sessionFor(token: string): WebSession {
  const session = new WebSession(server.url);
  for (const [name, value] of Object.entries(sessionCookies(token))) session.setCookie(name, value);
  return session;
}

beforeAll(async () => {
  clerk = createTestClerk();
  fake = await startFakeOpenAI();
  server = await startAppServer({
    env: {
      ...clerk.env,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.url,
      SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe("audit log and logs", () => {
  it("records who did what to which consultation, with no note text, and logs no note text anywhere", async () => {
    const alice = clerk.sign({ sub: "user_alice" });
    const bob = clerk.sign({ sub: "user_bob" });
    const admin = clerk.sign({ sub: "user_admin", metadata: { role: "admin" } });

    // A summary that fails upstream with an error that quotes the request.
    fake.script({ type: "error", status: 400, message: `Invalid request: ${NOTES}` });
    const failed = await openSse(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${alice}` },
      body: JSON.stringify({ notes: NOTES }),
    });
    await failed.finished;
    expect(failed.events.at(-1)!.event).toBe("error");
    expect(JSON.stringify(failed.events)).not.toContain(MARKER);
    const { consultationId } = failed.events[0]!.data as { consultationId: string };

    // Bad input that contains the marker.
    const bad = await fetch(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${alice}` },
      body: `{"notes": "${MARKER}`,
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain(MARKER);

    const aliceSession = sessionFor(alice);
    expect((await aliceSession.get(`/consultations/${consultationId}`)).status).toBe(200);
    await aliceSession.page(`/consultations/${consultationId}`);
    expect(
      (await aliceSession.postForm(`/consultations/${consultationId}`, { intent: "regenerate" })).status,
    ).toBe(302);
    const page = await aliceSession.page(`/consultations/${consultationId}`);
    const summaryId = /"summary":\{"id":"([0-9a-f-]{36})"/.exec(page)![1]!;
    fake.script({ type: "stream", tokens: ["## Plan\n", "- Aspirin 300 mg now.\n"] });
    const regenerated = await openSse(`${server.url}/resources/summaries/${summaryId}/stream`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    await regenerated.finished;
    expect(regenerated.events.at(-1)!.event).toBe("done");
    expect((await sessionFor(bob).get(`/consultations/${consultationId}`)).status).toBe(404);
    expect(
      (await aliceSession.postForm(`/consultations/${consultationId}`, { intent: "delete" })).status,
    ).toBe(302);
    expect((await aliceSession.get(`/consultations/${consultationId}`)).status).toBe(404);

    const csv = await (await sessionFor(admin).get("/admin/audit.csv")).text();
    expect(csv.split("\r\n")[0]).toMatch(/^id,at,actor_id,actor_role,action,outcome,consultation_id/);
    const rows = csv
      .split("\r\n")
      .filter((line) => line.includes(consultationId))
      .map((line) => line.split(","));
    const seen = rows.map((row) => `${row[2]} ${row[4]} ${row[5]}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        "user_alice create allowed",
        "user_alice stream allowed",
        "user_alice view allowed",
        "user_alice regenerate allowed",
        "user_bob view denied",
        "user_alice delete allowed",
        "user_alice view denied",
      ]),
    );
    expect(csv).not.toContain(MARKER);
    expect(server.output()).not.toContain(MARKER);
  });
});
