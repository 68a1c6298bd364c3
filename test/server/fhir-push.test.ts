import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, sessionCookies, type TestClerk } from "../support/clerk";
import { FHIR_CLIENT, startFakeEhr, type FakeFhirServer } from "../support/fake-fhir-server";
import { fhirSchemaErrors } from "../support/fhir-schema";
import { queryServerDatabase } from "../support/server-database";
import { openSse } from "../support/sse";
import { WebSession, signedInSession } from "../support/web-session";

// Text the EHR's error quotes back: it must never reach the clinician, a log or the audit log.
const UPSTREAM_MARKER = `UPSTREAM-${Math.random().toString(36).slice(2)}`;

let clerk: TestClerk;
let fhir: FakeFhirServer;
let server: AppServer;

type PushAnswer = {
  pushed?: { resourceType: string; resourceId: string };
  error?: { code: string; message: string };
};

interface AuditRow {
  action: string;
  outcome: string;
  actor_id: string;
  consultation_id: string | null;
  summary_id: string | null;
  detail: string | null;
  target_host: string | null;
  http_status: number | null;
  remote_id: string | null;
}

function sessionFor(claims: Record<string, unknown>): WebSession {
  return signedInSession(server.url, clerk.sign(claims));
}

const ALICE = { sub: "user_alice", metadata: { fhirPractitionerId: "pract-7" } };

/** A consultation of Alice's with a complete summary; its page's HTML and ids. */
async function consultationWithSummary(fields: Record<string, string> = {}) {
  const session = sessionFor(ALICE);
  const created = await session.postForm("/?index", { notes: EXAMPLE_CONSULTATION, ...fields });
  expect(created.status).toBe(302);
  const path = created.headers.get("location")!;
  const summaryId = /"summary":\{"id":"([0-9a-f-]{36})"/.exec(await session.page(path))![1]!;
  const stream = await openSse(`${server.url}/resources/summaries/${summaryId}/stream`, {
    headers: {
      cookie: Object.entries(sessionCookies(clerk.sign(ALICE)))
        .map(([name, value]) => `${name}=${value}`)
        .join("; "),
    },
  });
  await stream.finished;
  expect(stream.events.at(-1)!.event).toBe("done");
  const html = await sessionFor(ALICE).page(path);
  return { path, consultationId: path.split("/").at(-1)!, summaryId, html };
}

async function push(path: string, claims: Record<string, unknown> = ALICE) {
  const session = sessionFor(claims);
  await session.page(path);
  const response = await session.postForm(`${path}/fhir-push`, {});
  return { status: response.status, body: (await response.json()) as PushAnswer };
}

function pushAudit(summaryId: string): Promise<AuditRow[]> {
  return queryServerDatabase<AuditRow>(
    server,
    "select * from audit_events where action = 'fhir_push' and summary_id = ? order by id",
    summaryId,
  );
}

beforeAll(async () => {
  fhirSchemaErrors({}); // compiles the schema before the first push
  clerk = createTestClerk();
  const ehr = await startFakeEhr();
  fhir = ehr.fhir;
  server = await startAppServer({
    env: { ...clerk.env, ...ehr.env, SUMMARY_RATE_LIMIT_PER_MINUTE: "0", FHIR_TIMEOUT_MS: "5000" },
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await fhir?.close();
});

describe("Send to EHR", () => {
  it("posts the summary as a DocumentReference with a SMART backend-services token, and audits it", async () => {
    const { path, consultationId, summaryId, html } = await consultationWithSummary({
      fhirPatientId: "pat-123",
      fhirEncounterId: "enc.9",
    });
    expect(html).toContain("Send to EHR");

    const first = await push(path);
    expect(first.status).toBe(200);
    expect(fhir.documents).toHaveLength(1);
    const received = fhir.documents[0]!;
    expect(first.body).toEqual({ pushed: { resourceType: "DocumentReference", resourceId: received.id } });
    expect(received.contentType).toMatch(/^application\/fhir\+json/);
    expect(fhirSchemaErrors(received.body)).toEqual([]);
    expect(received.body).toMatchObject({
      resourceType: "DocumentReference",
      status: "current",
      docStatus: "preliminary",
      type: { coding: [{ system: "http://loinc.org", code: "11506-3" }] },
      subject: { reference: "Patient/pat-123" },
      context: { encounter: [{ reference: "Encounter/enc.9" }] },
      author: [{ reference: "Practitioner/pract-7" }],
    });
    const attachment = (received.body.content as { attachment: { contentType: string; data: string } }[])[0]!
      .attachment;
    expect(attachment.contentType).toBe("text/markdown; charset=utf-8");
    const note = Buffer.from(attachment.data, "base64").toString("utf8");
    expect(note).toMatch(/^# Consultation summary/);
    expect(note).toContain("## ");

    // The client assertion: signed ES384 with the configured kid, iss = sub = client id, aud = the
    // token URL found through .well-known/smart-configuration, at most five minutes, unique jti.
    expect(fhir.tokenRequests).toHaveLength(1);
    const [token] = fhir.tokenRequests;
    expect(token!.form).toMatchObject({
      grant_type: "client_credentials",
      scope: FHIR_CLIENT.scope,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    });
    expect(token!.header).toMatchObject({ alg: "ES384", kid: FHIR_CLIENT.keyId });
    expect(token!.claims).toMatchObject({
      iss: FHIR_CLIENT.clientId,
      sub: FHIR_CLIENT.clientId,
      aud: fhir.tokenUrl,
    });

    // A second push reuses the cached token.
    expect((await push(path)).status).toBe(200);
    expect(fhir.tokenRequests).toHaveLength(1);
    expect(fhir.documents).toHaveLength(2);

    const audit = await pushAudit(summaryId);
    expect(audit.map((row) => [row.outcome, row.detail, row.http_status, row.remote_id])).toEqual([
      ["allowed", "attempt", null, null],
      ["allowed", "created", 201, received.id],
      ["allowed", "attempt", null, null],
      ["allowed", "created", 201, fhir.documents[1]!.id],
    ]);
    for (const row of audit) {
      expect(row).toMatchObject({
        actor_id: "user_alice",
        consultation_id: consultationId,
        target_host: new URL(fhir.baseUrl).host,
      });
    }
  });

  it("gets a new token once when the EHR refuses the cached one", async () => {
    const { path } = await consultationWithSummary();
    const tokensBefore = fhir.tokenRequests.length;
    fhir.revokeTokens();
    const result = await push(path);
    expect(result.status).toBe(200);
    expect(fhir.tokenRequests).toHaveLength(tokensBefore + 1);
    expect(fhir.posts.slice(-2).map((post) => post.status)).toEqual([401, 201]);
  });

  it("answers fhir_auth_failed when the token endpoint refuses the client", async () => {
    const { path, summaryId } = await consultationWithSummary();
    fhir.revokeTokens();
    fhir.rejectTokens(true);
    try {
      const result = await push(path);
      expect(result).toEqual({
        status: 502,
        body: { error: { code: "fhir_auth_failed", message: "The EHR refused this app's credentials." } },
      });
    } finally {
      fhir.rejectTokens(false);
    }
    expect(fhir.refusedTokens).toContain("rejecting");
    expect((await pushAudit(summaryId)).at(-1)).toMatchObject({
      detail: "fhir_auth_failed",
      http_status: 401,
    });
  });

  it("maps a 422 OperationOutcome to fhir_rejected with its issue codes, never its text", async () => {
    const { path, summaryId } = await consultationWithSummary();
    fhir.script({
      status: 422,
      body: {
        resourceType: "OperationOutcome",
        issue: [{ severity: "error", code: "invalid", diagnostics: `bad document ${UPSTREAM_MARKER}` }],
      },
    });
    const result = await push(path);
    expect(result.status).toBe(502);
    expect(result.body.error?.code).toBe("fhir_rejected");
    expect(result.body.error?.message).toBe("The EHR refused the document. (invalid)");
    const audit = await pushAudit(summaryId);
    expect(audit.at(-1)).toMatchObject({
      detail: "fhir_rejected invalid",
      http_status: 422,
      remote_id: null,
    });
    expect(JSON.stringify(audit)).not.toContain(UPSTREAM_MARKER);
    expect(server.output()).not.toContain(UPSTREAM_MARKER);
  });

  it("answers fhir_timeout when the EHR does not answer in time", async () => {
    const { path, summaryId } = await consultationWithSummary();
    fhir.script("hang");
    const result = await push(path);
    expect(result.status).toBe(504);
    expect(result.body.error?.code).toBe("fhir_timeout");
    expect((await pushAudit(summaryId)).at(-1)).toMatchObject({ detail: "fhir_timeout", http_status: null });
  });

  it("answers 404 for a consultation that is not the user's, and audits the refusal", async () => {
    const { path, consultationId } = await consultationWithSummary();
    const posts = fhir.posts.length;
    const result = await push(path, { sub: "user_bob" });
    expect(result.status).toBe(404);
    expect(result.body.error?.code).toBe("not_found");
    expect(fhir.posts).toHaveLength(posts);
    const refused = await queryServerDatabase<AuditRow>(
      server,
      "select * from audit_events where action = 'fhir_push' and consultation_id = ?",
      consultationId,
    );
    expect(refused).toMatchObject([{ actor_id: "user_bob", outcome: "denied", detail: "not_found" }]);
  });

  it("refuses a post without the form's authenticity token", async () => {
    const { path } = await consultationWithSummary();
    const posts = fhir.posts.length;
    const response = await sessionFor(ALICE).postForm(`${path}/fhir-push`, {}, { csrf: false });
    expect(response.status).toBe(403);
    expect(fhir.posts).toHaveLength(posts);
  });

  it("refuses an EHR id that is not a FHIR id when the consultation is created", async () => {
    const response = await sessionFor(ALICE).postForm("/?index", {
      notes: EXAMPLE_CONSULTATION,
      fhirPatientId: "Jane Doe 1970",
    });
    expect(response.status).toBe(400);
  });

  it("answers fhir_unreachable when the EHR's server is down (last: it stops the fake)", async () => {
    const { path, summaryId } = await consultationWithSummary();
    await fhir.close();
    const result = await push(path);
    expect(result.status).toBe(502);
    expect(result.body.error?.code).toBe("fhir_unreachable");
    expect((await pushAudit(summaryId)).at(-1)).toMatchObject({ detail: "fhir_unreachable" });
  });
});

describe("without FHIR_BASE_URL", () => {
  let plain: AppServer;
  beforeAll(async () => {
    plain = await startAppServer();
  }, 60_000);
  afterAll(async () => {
    await plain?.stop();
  });

  it("shows no Send to EHR button and the endpoint answers fhir_not_configured", async () => {
    const session = new WebSession(plain.url);
    const created = await session.postForm("/?index", { notes: EXAMPLE_CONSULTATION });
    const path = created.headers.get("location")!;
    expect(await session.page(path)).not.toContain("Send to EHR");
    const response = await session.postForm(`${path}/fhir-push`, {});
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "fhir_not_configured" } });
  });
});
