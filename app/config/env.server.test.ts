import { describe, expect, it } from "vitest";

import { ConfigError, parseConfig } from "./env.server";

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env, "/srv/app");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("runs with nothing set: embedded summarizer, ./data, loopback, local mode", () => {
    const config = parseConfig({}, "/srv/app");
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      dataDir: "/srv/app/data",
      databasePath: "/srv/app/data/consult-summary.sqlite",
      summaryProvider: "embedded",
      authMode: "local",
    });
  });

  it("defaults to openai when a key is set, and takes the base URL and model", () => {
    const config = parseConfig(
      { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "http://localhost:11434/v1", OPENAI_MODEL: "llama3" },
      "/srv/app",
    );
    expect(config.summaryProvider).toBe("openai");
    expect(config.openai).toMatchObject({ baseURL: "http://localhost:11434/v1", model: "llama3" });
  });

  it("lets SUMMARY_PROVIDER=embedded win over a present key", () => {
    expect(parseConfig({ OPENAI_API_KEY: "sk", SUMMARY_PROVIDER: "embedded" }).summaryProvider).toBe(
      "embedded",
    );
  });

  it("switches to PostgreSQL with DATABASE_URL, with the pool settings", () => {
    expect(parseConfig({}).postgres).toBeUndefined();
    expect(
      parseConfig({
        DATABASE_URL: "postgresql://app:pw@db.internal:5432/consult?sslmode=verify-full",
        DATABASE_POOL_MAX: "20",
      }).postgres,
    ).toEqual({
      url: "postgresql://app:pw@db.internal:5432/consult?sslmode=verify-full",
      poolMax: 20,
      connectTimeoutMs: 5000,
    });
  });

  it("names a DATABASE_URL that is not PostgreSQL without echoing it, and a pool too small to run jobs", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://app:hunter2@db/consult", DATABASE_POOL_MAX: "1" });
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/m);
    expect(problems.join("\n")).toMatch(/^DATABASE_POOL_MAX must be between 2 and 1000/m);
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("treats empty variables as unset", () => {
    expect(parseConfig({ PORT: "", OPENAI_API_KEY: "" }).summaryProvider).toBe("embedded");
  });

  it("names every invalid variable at once, with what it is for", () => {
    const problems = problemsOf({
      PORT: "eighty",
      SUMMARY_PROVIDER: "claude",
      OPENAI_BASE_URL: "not a url",
      STREAM_ORPHAN_GRACE_MS: "-1",
    });
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(/^PORT must be a whole number \(TCP port/m);
    expect(problems.join("\n")).toMatch(/^SUMMARY_PROVIDER .*embedded/m);
    expect(problems.join("\n")).toMatch(/^OPENAI_BASE_URL must be an http\(s\) URL/m);
    expect(problems.join("\n")).toMatch(/^STREAM_ORPHAN_GRACE_MS/m);
  });

  it("requires a key when the openai provider is chosen", () => {
    expect(problemsOf({ SUMMARY_PROVIDER: "openai" })).toEqual([
      expect.stringMatching(/^OPENAI_API_KEY is required because SUMMARY_PROVIDER=openai/),
    ]);
  });

  it("rejects a malformed price table", () => {
    expect(problemsOf({ MODEL_PRICES: "{" })).toEqual([
      expect.stringMatching(/^MODEL_PRICES is not valid JSON/),
    ]);
    expect(problemsOf({ MODEL_PRICES: '{"m":{"input":-1,"output":1}}' })).toEqual([
      expect.stringMatching(/^MODEL_PRICES has a bad entry at m.input/),
    ]);
  });

  it("puts every problem in one message", () => {
    try {
      parseConfig({ PORT: "x", HOST: "", OPENAI_TIMEOUT_MS: "5" });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT[\s\S]*OPENAI_TIMEOUT_MS/);
      return;
    }
    throw new Error("expected a ConfigError");
  });

  it("writes EMF when the stack names the service, never by default, and METRICS_EMF decides", () => {
    expect(parseConfig({}).emf).toBeUndefined();
    expect(parseConfig({ METRICS_SERVICE_NAME: "consult-summary-prod" }).emf).toEqual({
      service: "consult-summary-prod",
      intervalMs: 30_000,
    });
    expect(
      parseConfig({ METRICS_SERVICE_NAME: "consult-summary-prod", METRICS_EMF: "off" }).emf,
    ).toBeUndefined();
    expect(
      parseConfig({ METRICS_SERVICE_NAME: "cs", METRICS_EMF: "on", METRICS_EMF_INTERVAL_MS: "1000" }).emf,
    ).toEqual({ service: "cs", intervalMs: 1_000 });
  });

  it("stops on EMF settings it cannot use, each named", () => {
    expect(problemsOf({ METRICS_EMF: "on" })).toEqual([
      expect.stringMatching(/^METRICS_SERVICE_NAME is required with METRICS_EMF=on/),
    ]);
    const problems = problemsOf({
      METRICS_EMF: "yes",
      METRICS_SERVICE_NAME: "consult summary",
      METRICS_EMF_INTERVAL_MS: "10",
    });
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).toMatch(/^METRICS_EMF must be on or off/m);
    expect(problems.join("\n")).toMatch(/^METRICS_SERVICE_NAME must be 1 to 128 letters/m);
    expect(problems.join("\n")).toMatch(/^METRICS_EMF_INTERVAL_MS must be between 1000 and 300000/m);
  });

  it("sends event-stream heartbeats every 15 s unless told otherwise, within bounds", () => {
    expect(parseConfig({}).sseHeartbeatMs).toBe(15_000);
    expect(parseConfig({ SSE_HEARTBEAT_MS: "200" }).sseHeartbeatMs).toBe(200);
    expect(problemsOf({ SSE_HEARTBEAT_MS: "60000" })).toEqual([
      expect.stringMatching(/^SSE_HEARTBEAT_MS must be between 100 and 50000/),
    ]);
  });
});
