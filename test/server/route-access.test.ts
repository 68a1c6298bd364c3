// Every route, walked with no user, two clinicians, a reviewer and an admin. The table must name
// every route the build has: a new route without an entry fails this test.
import path from "node:path";
import { pathToFileURL } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, sessionCookies, type TestClerk } from "../support/clerk";
import { openSse } from "../support/sse";
import { WebSession } from "../support/web-session";

type Who = "nobody" | "clinicianA" | "clinicianB" | "reviewer" | "admin";
const WHO: Who[] = ["nobody", "clinicianA", "clinicianB", "reviewer", "admin"];

interface Fixture {
  consultationId: string;
  summaryId: string;
}

interface Case {
  route: string;
  request: string;
  send: (client: Client, fixture: Fixture) => Promise<Response>;
  expected: Record<Who, number>;
}

interface Client {
  bearer?: string;
  session: WebSession;
}

const json = (bearer: string | undefined) => ({
  "content-type": "application/json",
  ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
});

const CASES: Case[] = [
  {
    route: "routes/_index",
    request: "GET /",
    send: (c) => c.session.get("/"),
    expected: { nobody: 302, clinicianA: 200, clinicianB: 200, reviewer: 200, admin: 200 },
  },
  {
    route: "routes/_index",
    request: "POST / (new consultation)",
    send: (c) => c.session.postForm("/?index", { notes: EXAMPLE_CONSULTATION }),
    expected: { nobody: 302, clinicianA: 302, clinicianB: 302, reviewer: 404, admin: 302 },
  },
  {
    route: "routes/consultations.$consultationId",
    request: "GET /consultations/:A's",
    send: (c, f) => c.session.get(`/consultations/${f.consultationId}`),
    expected: { nobody: 302, clinicianA: 200, clinicianB: 404, reviewer: 404, admin: 404 },
  },
  {
    route: "routes/consultations.$consultationId",
    request: "POST /consultations/:A's (regenerate)",
    send: (c, f) => c.session.postForm(`/consultations/${f.consultationId}`, { intent: "regenerate" }),
    expected: { nobody: 302, clinicianA: 302, clinicianB: 404, reviewer: 404, admin: 404 },
  },
  {
    route: "routes/resources.summaries.$summaryId.stream",
    request: "GET /resources/summaries/:A's/stream",
    send: (c, f) =>
      fetch(`${c.session.baseUrl}/resources/summaries/${f.summaryId}/stream`, { headers: json(c.bearer) }),
    expected: { nobody: 401, clinicianA: 200, clinicianB: 404, reviewer: 403, admin: 404 },
  },
  {
    route: "routes/api.consultation",
    request: "POST /api/consultation",
    send: (c) =>
      fetch(`${c.session.baseUrl}/api/consultation`, {
        method: "POST",
        headers: json(c.bearer),
        body: JSON.stringify({ notes: "Patient: I have had a cough for two days." }),
      }),
    expected: { nobody: 401, clinicianA: 200, clinicianB: 200, reviewer: 403, admin: 200 },
  },
  {
    route: "routes/api.consultation",
    request: "GET /api/consultation",
    send: (c) => fetch(`${c.session.baseUrl}/api/consultation`, { headers: json(c.bearer) }),
    expected: { nobody: 401, clinicianA: 405, clinicianB: 405, reviewer: 403, admin: 405 },
  },
  {
    route: "routes/health",
    request: "GET /health",
    send: (c) => c.session.get("/health"),
    expected: { nobody: 200, clinicianA: 200, clinicianB: 200, reviewer: 200, admin: 200 },
  },
  {
    route: "routes/ready",
    request: "GET /ready",
    send: (c) => c.session.get("/ready"),
    expected: { nobody: 200, clinicianA: 200, clinicianB: 200, reviewer: 200, admin: 200 },
  },
  {
    route: "routes/sign-in.$",
    request: "GET /sign-in",
    send: (c) => c.session.get("/sign-in"),
    expected: { nobody: 200, clinicianA: 200, clinicianB: 200, reviewer: 200, admin: 200 },
  },
  {
    route: "routes/sign-up.$",
    request: "GET /sign-up",
    send: (c) => c.session.get("/sign-up"),
    expected: { nobody: 200, clinicianA: 200, clinicianB: 200, reviewer: 200, admin: 200 },
  },
  {
    route: "routes/consultations.$consultationId.export",
    request: "GET /consultations/:A's/export?format=fhir",
    send: (c, f) => c.session.get(`/consultations/${f.consultationId}/export?format=fhir`),
    expected: { nobody: 302, clinicianA: 200, clinicianB: 404, reviewer: 404, admin: 404 },
  },
  {
    route: "routes/consultations.$consultationId.fhir-push",
    request: "POST /consultations/:A's/fhir-push (no FHIR server configured: 404 once past the checks)",
    send: (c, f) => c.session.postForm(`/consultations/${f.consultationId}/fhir-push`, {}),
    expected: { nobody: 401, clinicianA: 404, clinicianB: 404, reviewer: 403, admin: 404 },
  },
  {
    route: "routes/admin.ratings[.]jsonl",
    request: "GET /admin/ratings.jsonl",
    send: (c) => c.session.get("/admin/ratings.jsonl"),
    expected: { nobody: 302, clinicianA: 404, clinicianB: 404, reviewer: 404, admin: 200 },
  },
  {
    route: "routes/admin.audit[.]csv",
    request: "GET /admin/audit.csv",
    send: (c) => c.session.get("/admin/audit.csv"),
    expected: { nobody: 302, clinicianA: 404, clinicianB: 404, reviewer: 404, admin: 200 },
  },
  {
    route: "routes/review._index",
    request: "GET /review",
    send: (c) => c.session.get("/review"),
    expected: { nobody: 302, clinicianA: 404, clinicianB: 404, reviewer: 200, admin: 200 },
  },
  {
    route: "routes/review.queue",
    request: "GET /review/queue?version=v1",
    send: (c) => c.session.get("/review/queue?version=v1"),
    expected: { nobody: 302, clinicianA: 404, clinicianB: 404, reviewer: 200, admin: 200 },
  },
  {
    route: "routes/review.queue",
    request: "POST /review/queue?version=v1 (no rating: 400 once past the role and token checks)",
    send: async (c) => {
      const page = await (await c.session.get("/review/queue?version=v1")).text();
      const csrf = /"csrfToken":"([^"]+)"/.exec(page)?.[1] ?? "";
      return c.session.postForm("/review/queue?version=v1", { csrf }, { csrf: false });
    },
    expected: { nobody: 302, clinicianA: 404, clinicianB: 404, reviewer: 400, admin: 400 },
  },
  {
    route: "routes/review.compare",
    request: "GET /review/compare (no runs named: 400 once past the role check)",
    send: (c) => c.session.get("/review/compare"),
    expected: { nobody: 302, clinicianA: 404, clinicianB: 404, reviewer: 400, admin: 400 },
  },
];

let clerk: TestClerk;
let server: AppServer;
let fixture: Fixture;
const clients = {} as Record<Who, Client>;

const USERS: Record<Exclude<Who, "nobody">, { sub: string; role?: string }> = {
  clinicianA: { sub: "user_a" },
  clinicianB: { sub: "user_b", role: "clinician" },
  reviewer: { sub: "user_r", role: "reviewer" },
  admin: { sub: "user_admin", role: "admin" },
};

beforeAll(async () => {
  clerk = createTestClerk();
  server = await startAppServer({ env: { ...clerk.env, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
  clients.nobody = { session: new WebSession(server.url) };
  for (const [who, user] of Object.entries(USERS) as Array<
    [Exclude<Who, "nobody">, { sub: string; role?: string }]
  >) {
    const token = clerk.sign({ sub: user.sub, ...(user.role ? { metadata: { role: user.role } } : {}) });
    const session = new WebSession(server.url);
    for (const [name, value] of Object.entries(sessionCookies(token))) session.setCookie(name, value);
    clients[who] = { bearer: token, session };
  }
  const created = await openSse(`${server.url}/api/consultation`, {
    method: "POST",
    headers: json(clients.clinicianA.bearer),
    body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
  });
  await created.finished;
  const meta = created.events[0]!.data as { consultationId: string; summaryId: string };
  fixture = { consultationId: meta.consultationId, summaryId: meta.summaryId };
});

afterAll(async () => {
  await server?.stop();
});

describe("who may reach which route", () => {
  it("has an entry for every route of the build", async () => {
    const build = (await import(
      pathToFileURL(path.resolve(import.meta.dirname, "../../build/index.js")).href
    )) as {
      routes: Record<string, unknown>;
    };
    const routes = Object.keys(build.routes).filter((id) => id !== "root");
    expect(new Set(CASES.map((entry) => entry.route))).toEqual(new Set(routes));
  });

  for (const entry of CASES) {
    it.each(WHO)(`${entry.request} as %s`, async (who) => {
      const response = await entry.send(clients[who], fixture);
      await response.body?.cancel();
      expect(response.status).toBe(entry.expected[who]);
    });
  }
});
