import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, type FakeOpenAI } from "@consult-summary/core/testing";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, type TestClerk } from "../support/clerk";
import { queryServerDatabase } from "../support/server-database";
import { openSse } from "../support/sse";
import { type WebSession, signedInSession } from "../support/web-session";

// A string that appears in the notes only: it must never reach a log line or the audit log.
const MARKER = `PHI-MARKER-${Math.random().toString(36).slice(2)}`;
const NOTES = `Doctor: What brings you in, ${MARKER}?\nPatient: I have had chest pain for two days, ${MARKER}.\nDoctor: Take aspirin 300 mg now and come back tomorrow.`;

let clerk: TestClerk;
let fake: FakeOpenAI;
let server: AppServer;

function sessionFor(token: string): WebSession {
  return signedInSession(server.url, token);
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

  it("audits a save refused as an edit conflict (edit, denied, edit_conflict) without either text", async () => {
    const alice = sessionFor(clerk.sign({ sub: "user_alice" }));
    fake.script({ type: "stream", tokens: ["## Plan\n", "- Aspirin 300 mg now.\n"] });
    const created = await alice.postForm("/?index", { notes: NOTES });
    const path = created.headers.get("location")!;
    const consultationId = path.split("/").at(-1)!;
    const summaryId = /"summary":\{"id":"([0-9a-f-]{36})"/.exec(await alice.page(path))![1]!;
    const stream = await openSse(`${server.url}/resources/summaries/${summaryId}/stream`, {
      headers: { authorization: `Bearer ${clerk.sign({ sub: "user_alice" })}` },
    });
    await stream.finished;
    const saveEdit = (text: string) =>
      alice.postForm(`${path}?_data=routes%2Fconsultations.%24consultationId`, {
        intent: "edit",
        summaryId,
        basedOn: "0",
        text,
      });
    expect((await saveEdit(`## Plan\n- Tab A ${MARKER}`)).status).toBe(200);
    expect((await saveEdit(`## Plan\n- Tab B ${MARKER}`)).status).toBe(409);

    const admin = sessionFor(clerk.sign({ sub: "user_admin", metadata: { role: "admin" } }));
    const csv = await (await admin.get("/admin/audit.csv")).text();
    const [header, ...lines] = csv.split("\r\n");
    const columns = header!.split(",");
    const edits = lines
      .map((line) => line.split(","))
      .filter((row) => row[columns.indexOf("consultation_id")] === consultationId)
      .filter((row) => row[columns.indexOf("action")] === "edit")
      .map((row) =>
        ["actor_id", "outcome", "summary_id", "detail"].map((name) => row[columns.indexOf(name)]).join(" "),
      );
    expect(edits.sort()).toEqual(
      [`user_alice allowed ${summaryId} `, `user_alice denied ${summaryId} edit_conflict`].sort(),
    );
    expect(csv).not.toContain(MARKER);
    expect(server.output()).not.toContain(MARKER);
  });

  it("keeps only UUIDs from denied requests: any other id is stored as null with invalid_id", async () => {
    const mallory = sessionFor(clerk.sign({ sub: "user_mallory" }));
    const chosen = `${MARKER}-${"Mrs Example, born 1 April 1950 ".repeat(200)}`;
    const path = encodeURIComponent(chosen);
    expect((await mallory.get(`/consultations/${path}`)).status).toBe(404);
    expect((await mallory.get(`/consultations/${path}/export`)).status).toBe(404);
    expect((await mallory.get(`/resources/summaries/${path}/stream`)).status).toBe(404);
    await mallory.page("/");
    expect((await mallory.postForm(`/consultations/${path}`, { intent: "delete" })).status).toBe(404);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await mallory.get(`/consultations/${unknown}`)).status).toBe(404);

    const rows = await queryServerDatabase<Record<string, unknown>>(
      server,
      "select * from audit_events where actor_id = ? and outcome = 'denied' order by id",
      "user_mallory",
    );
    expect(rows.map((row) => [row.action, row.consultation_id, row.summary_id, row.detail])).toEqual([
      ["view", null, null, "not_found invalid_id"],
      ["export", null, null, "not_found invalid_id"],
      ["stream", null, null, "not_found invalid_id"],
      ["delete", null, null, "not_found invalid_id"],
      ["view", unknown, null, "not_found"],
    ]);
    expect(JSON.stringify(rows)).not.toContain(MARKER);
  });

  it("exports every matching entry, past 100,000, as one streamed CSV", async () => {
    const bulk = 100_050;
    const at = new Date(Date.now() - 60_000);
    await queryServerDatabase(
      server,
      server.databaseUrl
        ? `insert into audit_events (at, actor_id, actor_role, action, outcome)
           select ?, 'user_bulk', 'clinician', 'view', 'allowed' from generate_series(1, ${bulk})`
        : `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${bulk})
           insert into audit_events (at, actor_id, actor_role, action, outcome)
           select ?, 'user_bulk', 'clinician', 'view', 'allowed' from n`,
      at,
    );

    const admin = sessionFor(clerk.sign({ sub: "user_admin", metadata: { role: "admin" } }));
    const response = await admin.get(`/admin/audit.csv?from=${at.toISOString()}&to=${at.toISOString()}`);
    expect(response.status).toBe(200);
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toMatch(/^id,at,actor_id,/);
    expect(lines.at(-1)).toBe("");
    const ids = lines.slice(1, -1).map((line) => Number(line.split(",")[0]));
    expect(ids).toHaveLength(bulk);
    expect(new Set(ids).size).toBe(bulk);
    expect(ids.every((id, index) => index === 0 || id < ids[index - 1]!)).toBe(true);
  });
});
