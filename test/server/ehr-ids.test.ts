// EHR ids (FHIR logical ids of the patient and the encounter) through the built server: the JSON
// API takes them with the same rule as the home form, the consultation page's "EHR ids" form sets,
// changes and clears them, and the exports and Send to EHR name what was last saved. The ids never
// reach a log or the audit log, and a refused id is never echoed.

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, type TestClerk } from "../support/clerk";
import { startFakeEhr, type FakeFhirServer } from "../support/fake-fhir-server";
import { fhirSchemaErrors } from "../support/fhir-schema";
import { queryServerDatabase } from "../support/server-database";
import { openSse } from "../support/sse";
import { type WebSession, signedInSession } from "../support/web-session";

// Ids unique to this run, so finding one in a log or the audit log means it leaked.
const run = Math.random().toString(36).slice(2, 10);
const PATIENT = `pat-${run}`;
const ENCOUNTER = `enc.${run}`;
/** What both FHIR exports say of a consultation given PATIENT and ENCOUNTER. */
const BOTH_IDS_REFERENCED = {
  composition: {
    subject: { reference: `Patient/${PATIENT}` },
    encounter: { reference: `Encounter/${ENCOUNTER}` },
  },
  document: {
    subject: { reference: `Patient/${PATIENT}` },
    encounter: [{ reference: `Encounter/${ENCOUNTER}` }],
  },
};

let clerk: TestClerk;
let fhir: FakeFhirServer;
let server: AppServer;
const ALICE = { sub: "user_alice_ehr" };

function sessionFor(claims: Record<string, unknown>): WebSession {
  return signedInSession(server.url, clerk.sign(claims));
}

function postApi(body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${clerk.sign(ALICE)}` },
    body: JSON.stringify(body),
  });
}

async function exported(session: WebSession, consultationId: string, format: "fhir" | "fhir-document") {
  const response = await session.get(`/consultations/${consultationId}/export?format=${format}`);
  expect(response.status).toBe(200);
  const resource = (await response.json()) as Record<string, unknown>;
  expect(fhirSchemaErrors(resource)).toEqual([]);
  return resource;
}

/** The references both FHIR exports carry now: [Composition's, DocumentReference's]. */
async function exportedReferences(session: WebSession, consultationId: string) {
  const composition = await exported(session, consultationId, "fhir");
  const document = await exported(session, consultationId, "fhir-document");
  return {
    composition: { subject: composition.subject, encounter: composition.encounter },
    document: {
      subject: document.subject,
      encounter: (document.context as { encounter?: unknown } | undefined)?.encounter,
    },
  };
}

async function consultationOnPage(session: WebSession): Promise<{ path: string; consultationId: string }> {
  const created = await session.postForm("/?index", { notes: EXAMPLE_CONSULTATION });
  expect(created.status).toBe(302);
  const path = created.headers.get("location")!;
  const summaryId = /"summary":\{"id":"([0-9a-f-]{36})"/.exec(await session.page(path))![1]!;
  const stream = await openSse(`${server.url}/resources/summaries/${summaryId}/stream`, {
    headers: { authorization: `Bearer ${clerk.sign(ALICE)}` },
  });
  await stream.finished;
  expect(stream.events.at(-1)!.event).toBe("done");
  return { path, consultationId: path.split("/").at(-1)! };
}

async function saveIds(session: WebSession, path: string, ids: Record<string, string>) {
  await session.page(path);
  const response = await session.postForm(`${path}?_data=routes%2Fconsultations.%24consultationId`, {
    intent: "ehr-ids",
    fhirPatientId: "",
    fhirEncounterId: "",
    ...ids,
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith("{") ? JSON.parse(text) : text) as unknown };
}

beforeAll(async () => {
  fhirSchemaErrors({}); // compiles the schema before the first export
  clerk = createTestClerk();
  const ehr = await startFakeEhr();
  fhir = ehr.fhir;
  server = await startAppServer({ env: { ...clerk.env, ...ehr.env, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await fhir?.close();
});

describe("EHR ids through the JSON API", () => {
  it("stores the ids given with the notes, and both FHIR exports name the patient and the encounter", async () => {
    const stream = await openSse(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${clerk.sign(ALICE)}` },
      body: JSON.stringify({
        notes: EXAMPLE_CONSULTATION,
        fhirPatientId: ` ${PATIENT} `,
        fhirEncounterId: ENCOUNTER,
      }),
    });
    await stream.finished;
    expect(stream.events.at(-1)!.event).toBe("done");
    const { consultationId } = stream.events[0]!.data as { consultationId: string };

    expect(await exportedReferences(sessionFor(ALICE), consultationId)).toEqual(BOTH_IDS_REFERENCED);
  });

  it("answers 400 invalid_fhir_id naming the field and never echoing the value; nothing is created", async () => {
    const before = await queryServerDatabase<{ n: number }>(
      server,
      "select count(*) as n from consultations",
    );
    const cases = [
      { field: "fhirPatientId", value: "Patient/../../etc" },
      { field: "fhirEncounterId", value: `enc ${run} with spaces` },
      { field: "fhirPatientId", value: "x".repeat(65) },
    ];
    for (const { field, value } of cases) {
      const response = await postApi({ notes: EXAMPLE_CONSULTATION, [field]: value });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_fhir_id");
      expect(body.error.message).toContain(field);
      expect(JSON.stringify(body)).not.toContain(value);
    }
    const notText = await postApi({ notes: EXAMPLE_CONSULTATION, fhirPatientId: 42 });
    expect(notText.status).toBe(400);
    expect(((await notText.json()) as { error: { code: string } }).error.code).toBe("invalid_request");

    const after = await queryServerDatabase<{ n: number }>(server, "select count(*) as n from consultations");
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
  });
});

describe("EHR ids on the consultation page", () => {
  it("sets, changes and clears the ids; the next export and Send to EHR use them; audited without the values", async () => {
    const session = sessionFor(ALICE);
    const { path, consultationId } = await consultationOnPage(session);
    expect(await exportedReferences(session, consultationId)).toEqual({
      composition: { subject: undefined, encounter: undefined },
      document: { subject: undefined, encounter: undefined },
    });

    // Without the authenticity token nothing changes.
    const forged = await session.postForm(
      path,
      { intent: "ehr-ids", fhirPatientId: PATIENT, fhirEncounterId: ENCOUNTER },
      { csrf: false },
    );
    expect(forged.status).toBe(403);

    expect(await saveIds(session, path, { fhirPatientId: PATIENT, fhirEncounterId: ENCOUNTER })).toEqual({
      status: 200,
      body: { saved: "ehr-ids" },
    });
    expect(await session.page(path)).toContain(`Patient/${PATIENT}`);
    expect(await exportedReferences(session, consultationId)).toEqual(BOTH_IDS_REFERENCED);
    await session.page(path);
    expect((await session.postForm(`${path}/fhir-push`, {})).status).toBe(200);
    expect(fhir.documents.at(-1)!.body).toMatchObject({
      subject: { reference: `Patient/${PATIENT}` },
      context: { encounter: [{ reference: `Encounter/${ENCOUNTER}` }] },
    });

    // A bad id is refused without its value, and the saved ids stay.
    const refused = await saveIds(session, path, { fhirPatientId: "not an id!", fhirEncounterId: "enc-2" });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: { status: 400, code: "invalid_fhir_id", message: expect.stringContaining("EHR patient id") },
    });
    expect(JSON.stringify(refused.body)).not.toContain("not an id!");

    // Changed encounter, cleared patient: the next push names the new encounter and no patient.
    expect((await saveIds(session, path, { fhirEncounterId: "enc-2" })).status).toBe(200);
    await session.page(path);
    expect((await session.postForm(`${path}/fhir-push`, {})).status).toBe(200);
    const pushed = fhir.documents.at(-1)!.body;
    expect(pushed.subject).toBeUndefined();
    expect(pushed.context).toMatchObject({ encounter: [{ reference: "Encounter/enc-2" }] });
    expect((await exportedReferences(session, consultationId)).composition).toEqual({
      subject: undefined,
      encounter: { reference: "Encounter/enc-2" },
    });

    const audit = await queryServerDatabase<Record<string, unknown>>(
      server,
      "select * from audit_events where action = 'ehr_ids' and consultation_id = ? order by id",
      consultationId,
    );
    expect(audit.map((row) => [row.actor_id, row.outcome, row.detail])).toEqual([
      ["user_alice_ehr", "allowed", "set:patient+encounter"],
      ["user_alice_ehr", "allowed", "set:encounter"],
    ]);
    const everything = await queryServerDatabase(server, "select * from audit_events");
    expect(JSON.stringify(everything)).not.toContain(run);
    expect(server.output()).not.toContain(run);
  });

  it("answers 404 for someone else's consultation and changes nothing", async () => {
    const { path, consultationId } = await consultationOnPage(sessionFor(ALICE));
    const bob = sessionFor({ sub: "user_bob_ehr" });
    const answer = await saveIds(bob, path, { fhirPatientId: "pat-bob" });
    expect(answer.status).toBe(404);
    expect((await exportedReferences(sessionFor(ALICE), consultationId)).document.subject).toBeUndefined();
  });
});
