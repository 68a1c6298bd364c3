import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runServerExpectingExit, startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, newKeyPair, sessionCookies, signJwt, type TestClerk } from "../support/clerk";

let clerk: TestClerk;
let server: AppServer;

beforeAll(async () => {
  clerk = createTestClerk();
  server = await startAppServer({ env: { ...clerk.env, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
});

afterAll(async () => {
  await server?.stop();
});

function callApi(token: string | undefined) {
  return fetch(`${server.url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ notes: "Patient: I have had a cough for two days." }),
  });
}

function tamper(token: string): string {
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
  claims.sub = "user_someone_else";
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
}

describe("session tokens, verified locally with CLERK_JWT_KEY", () => {
  const now = () => Math.floor(Date.now() / 1000);

  it("accepts a valid token as Authorization: Bearer", async () => {
    const response = await callApi(clerk.sign({}));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await response.body?.cancel();
  });

  it("accepts a token shaped like Clerk's own: valid 60 s from issue, not-before 10 s earlier", async () => {
    const response = await callApi(clerk.sign({ iat: now(), nbf: now() - 10, exp: now() + 60 }));
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  const rejected: Array<[string, () => string | undefined]> = [
    ["no token", () => undefined],
    ["an expired token", () => clerk.sign({ iat: now() - 600, nbf: now() - 600, exp: now() - 300 })],
    ["a token not yet valid", () => clerk.sign({ iat: now(), nbf: now() + 300, exp: now() + 600 })],
    ["a token from another issuer", () => clerk.sign({ iss: "https://clerk.someone-else.test" })],
    ["a token for another app (azp)", () => clerk.sign({ azp: "https://evil.example" })],
    ["a token naming no app (no azp)", () => clerk.sign({ azp: undefined })],
    ["a token without an issue time (iat)", () => clerk.sign({ iat: undefined })],
    [
      "a token issued to live for a day",
      () => clerk.sign({ iat: now() - 5, nbf: now() - 5, exp: now() + 24 * 60 * 60 }),
    ],
    [
      "a token valid from long before it was issued (nbf)",
      () => clerk.sign({ iat: now() - 5, nbf: now() - 24 * 60 * 60, exp: now() + 60 }),
    ],
    ["a token signed with another key", () => clerk.sign({}, { key: newKeyPair().privateKey })],
    ["a tampered token", () => tamper(clerk.sign({}))],
    [
      "an unsigned token",
      () => signJwt({ sub: "user_a" }, newKeyPair().privateKey).split(".").slice(0, 2).join(".") + ".",
    ],
    ["garbage", () => "not-a-jwt"],
  ];

  it.each(rejected)("rejects %s with 401 JSON", async (_name, token) => {
    const response = await callApi(token());
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });

  it("signs a browser in with the __session cookie and shows no local-mode banner", async () => {
    const cookie = Object.entries(sessionCookies(clerk.sign({})))
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
    const response = await fetch(server.url, { headers: { cookie }, redirect: "manual" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("Local mode");
    expect(response.headers.get("content-security-policy")).toContain("https://clerk.consult-summary.test");
  });

  it("sends a browser without a session to sign-in, and back only to a path of ids", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const response = await fetch(`${server.url}/consultations/${id}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/sign-in?redirect_url=%2Fconsultations%2F${id}`);

    // A name typed where an id belongs goes no further (Clerk's pages would carry it on).
    const typed = await fetch(`${server.url}/consultations/Mrs%20Example`, { redirect: "manual" });
    expect(typed.status).toBe(302);
    expect(typed.headers.get("location")).toBe("/sign-in");
  });
});

describe("startup checks of the sign-in configuration", () => {
  it("refuses one Clerk key without the other, naming which is missing", async () => {
    const { CLERK_PUBLISHABLE_KEY, APP_ORIGIN, SESSION_SECRET } = clerk.env;
    const { code, output } = await runServerExpectingExit({
      CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY!,
      APP_ORIGIN: APP_ORIGIN!,
      SESSION_SECRET: SESSION_SECRET!,
    });
    expect(code).toBe(1);
    expect(output).toMatch(/CLERK_SECRET_KEY is missing while CLERK_PUBLISHABLE_KEY is set/);
  });

  it("refuses malformed keys and a PEM that is not a public key, all in one message", async () => {
    const { code, output } = await runServerExpectingExit({
      ...clerk.env,
      CLERK_PUBLISHABLE_KEY: "pk_test_bm90LWEtaG9zdA==",
      CLERK_SECRET_KEY: "sk_prod_123",
      CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----",
    });
    expect(code).toBe(1);
    expect(output).toMatch(/CLERK_PUBLISHABLE_KEY is not a well-formed publishable key/);
    expect(output).toMatch(/CLERK_SECRET_KEY is not a well-formed secret key/);
    expect(output).toMatch(/CLERK_JWT_KEY is not a PEM RSA public key/);
    expect(output).not.toContain("sk_prod_123");
  });

  it("requires APP_ORIGIN and SESSION_SECRET with sign-in", async () => {
    const { CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY } = clerk.env;
    const { code, output } = await runServerExpectingExit({
      CLERK_PUBLISHABLE_KEY: CLERK_PUBLISHABLE_KEY!,
      CLERK_SECRET_KEY: CLERK_SECRET_KEY!,
    });
    expect(code).toBe(1);
    expect(output).toMatch(/APP_ORIGIN is required with sign-in/);
    expect(output).toMatch(/SESSION_SECRET is required with sign-in/);
  });

  it("refuses local mode on a non-loopback HOST unless ALLOW_UNAUTHENTICATED=1", async () => {
    const refused = await runServerExpectingExit({ HOST: "0.0.0.0" });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/HOST 0\.0\.0\.0 is not a loopback address, and there is no sign-in/);

    const allowed = await startAppServer({ env: { HOST: "0.0.0.0", ALLOW_UNAUTHENTICATED: "1" } });
    expect((await fetch(`${allowed.url.replace("0.0.0.0", "127.0.0.1")}/health`)).status).toBe(200);
    await allowed.stop();
  });
});
