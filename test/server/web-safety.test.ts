import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startAppServer, type AppServer } from "../support/app-server";
import { openSse } from "../support/sse";
import { WebSession } from "../support/web-session";

const XSS_NOTES = `Doctor: Any allergies?
Patient: <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> penicillin gives me a rash.
Doctor: Noted, penicillin allergy with a rash.`;

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "3" } });
});

afterAll(async () => {
  await server?.stop();
});

describe("CSRF", () => {
  it("rejects a form post without the authenticity token", async () => {
    const response = await new WebSession(server.url).postForm(
      "/?index",
      { notes: EXAMPLE_CONSULTATION },
      { csrf: false },
    );
    expect(response.status).toBe(403);
  });

  it("rejects a token that belongs to another browser's cookie", async () => {
    const victim = new WebSession(server.url);
    const attacker = new WebSession(server.url);
    const html = await attacker.page("/");
    const token = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    await victim.page("/");
    const response = await victim.postForm(
      "/?index",
      { csrf: token, notes: EXAMPLE_CONSULTATION },
      { csrf: false },
    );
    expect(response.status).toBe(403);
  });

  it("rejects a state-changing request from another origin, even with a valid token", async () => {
    const session = new WebSession(server.url, { origin: "https://evil.example" });
    const response = await session.postForm("/?index", { notes: EXAMPLE_CONSULTATION });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("cross_origin");
  });

  it("sets the CSRF cookie HttpOnly and SameSite=Lax", async () => {
    const response = await fetch(server.url);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("csrf="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });
});

describe("security headers", () => {
  it("sends a nonce-based CSP, no-store and the usual hardening headers on pages", async () => {
    const response = await fetch(server.url);
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-inline' 'nonce"); // scripts only by nonce
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await fetch(server.url);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
  });
});

describe("consultation text is rendered as text", () => {
  it("shows script and onerror payloads literally in the page and its summary", async () => {
    const session = new WebSession(server.url);
    const created = await session.postForm("/?index", { title: "<b>bold</b> title", notes: XSS_NOTES });
    const location = created.headers.get("location")!;
    const html = await session.page(location);
    const summaryId = /"summary":\{"id":"([0-9a-f-]{36})"/.exec(html)![1]!;
    await (
      await openSse(`${server.url}/resources/summaries/${summaryId}/stream`)
    ).finished;
    const after = await session.page(location);
    expect(after).toContain("&lt;script&gt;window.__pwned = 1&lt;/script&gt;");
    expect(after).toContain("&lt;img src=x onerror=");
    expect(after).toContain("&lt;b&gt;bold&lt;/b&gt; title");
    expect(after).not.toMatch(/<script>window\.__pwned/);
    expect(after).not.toMatch(/<img src=x/);
  });
});

describe("rate limit on starting summaries", () => {
  it("answers 429 JSON with Retry-After once a user exceeds the per-minute limit", async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${server.url}/api/consultation`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ notes: `Patient: cough number ${i}.` }),
      });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
      else await response.body?.cancel();
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited!.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });
});
