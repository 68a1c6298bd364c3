// A page on another site that makes its own host name resolve to this server (DNS rebinding) is
// same-origin with it in the browser: the server must refuse every request that names a host it
// does not serve, and must never take "same origin" from the request's own Host header.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { postConsultationStream } from "../support/api";
import { startAppServer, type AppServer } from "../support/app-server";
import { APP_ORIGIN, createTestClerk } from "../support/clerk";
import { errorCode, httpRequest } from "../support/http-request";
import { WebSession } from "../support/web-session";

const ATTACKER_HOST = "attacker.example";

async function createConsultation(server: AppServer): Promise<string> {
  const stream = await postConsultationStream(server.url, EXAMPLE_CONSULTATION);
  await stream.finished;
  return (stream.events[0]!.data as { consultationId: string }).consultationId;
}

describe("local mode answers only for local pages", () => {
  let server: AppServer;
  let port: string;
  let consultationId: string;

  beforeAll(async () => {
    server = await startAppServer();
    port = new URL(server.url).port;
    consultationId = await createConsultation(server);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("refuses pages, a consultation, its export and the audit log under another host name with 421", async () => {
    for (const path of [
      "/",
      `/consultations/${consultationId}`,
      `/consultations/${consultationId}/export?format=txt`,
      "/admin/audit.csv",
      "/review",
    ]) {
      const response = await httpRequest(`${server.url}${path}`, {
        headers: { host: `${ATTACKER_HOST}:${port}` },
      });
      expect(response.status, path).toBe(421);
      expect(errorCode(response), path).toBe("unknown_host");
      expect(response.text, path).not.toContain("doxycycline");
    }
  });

  it("refuses a delete whose Origin matches its own rebound Host, and the consultation stays", async () => {
    const session = new WebSession(server.url);
    await session.page(`/consultations/${consultationId}`);
    const response = await httpRequest(`${server.url}/consultations/${consultationId}`, {
      method: "POST",
      headers: {
        host: `${ATTACKER_HOST}:${port}`,
        origin: `http://${ATTACKER_HOST}:${port}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "intent=delete",
    });
    expect(response.status).toBe(421);
    expect((await session.get(`/consultations/${consultationId}`)).status).toBe(200);
  });

  it("serves localhost, 127.0.0.1 and [::1] host names", async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const response = await httpRequest(`${server.url}/`, { headers: { host } });
      expect(response.status, host).toBe(200);
    }
  });

  it("refuses writes from another local page (another port) even under a loopback host", async () => {
    const response = await httpRequest(`${server.url}/api/consultation`, {
      method: "POST",
      headers: {
        host: `127.0.0.1:${port}`,
        origin: "http://127.0.0.1:1",
        "content-type": "application/json",
      },
      body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
    });
    expect(response.status).toBe(403);
    expect(errorCode(response)).toBe("cross_origin");
  });

  it("accepts writes from its own page's origin", async () => {
    const response = await httpRequest(`${server.url}/api/consultation`, {
      method: "POST",
      headers: {
        host: `localhost:${port}`,
        origin: `http://localhost:${port}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
    });
    expect(response.status).toBe(200);
    expect(response.text).toContain("event: done");
  });

  it("keeps /health and /ready answering whatever the Host (load balancers call them by address)", async () => {
    for (const path of ["/health", "/ready"]) {
      const response = await httpRequest(`${server.url}${path}`, { headers: { host: "10.0.0.7:8080" } });
      expect(response.status, path).toBe(200);
    }
  });
});

describe("with sign-in, only APP_ORIGIN's host names are served", () => {
  let server: AppServer;
  let port: string;

  beforeAll(async () => {
    const clerk = createTestClerk();
    server = await startAppServer({ env: { ...clerk.env, APP_ORIGIN } });
    port = new URL(server.url).port;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("serves APP_ORIGIN's host name and refuses others, loopback names included", async () => {
    const appHost = new URL(APP_ORIGIN).hostname;
    const served = await httpRequest(`${server.url}/`, { headers: { host: `${appHost}:${port}` } });
    expect(served.status).toBe(302); // to sign-in
    for (const host of [`${ATTACKER_HOST}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]) {
      const refused = await httpRequest(`${server.url}/`, { headers: { host } });
      expect(refused.status, host).toBe(421);
    }
  });
});
