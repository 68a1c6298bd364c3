import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { makeDataDir, runServerExpectingExit, startAppServer } from "../support/app-server";

describe("startup refuses a bad configuration", () => {
  it("exits 1 with one message naming every problem and what each variable is for", async () => {
    const { code, output } = await runServerExpectingExit({
      PORT: "http",
      SUMMARY_PROVIDER: "gpt",
      OPENAI_BASE_URL: "localhost:8080",
      MODEL_PRICES: "{}",
    });
    expect(code).toBe(1);
    expect(output).toContain("Configuration is invalid; the server will not start until these are fixed:");
    expect(output).toMatch(/- PORT must be a whole number \(TCP port/);
    expect(output).toMatch(/- SUMMARY_PROVIDER .*\(which summarizer writes summaries/);
    expect(output).toMatch(/- OPENAI_BASE_URL must be an http\(s\) URL/);
    expect(output).not.toContain("listening");
    expect(output.match(/Configuration is invalid/g)).toHaveLength(1);
  });

  it("exits 1 when the openai provider is chosen without a key", async () => {
    const { code, output } = await runServerExpectingExit({ SUMMARY_PROVIDER: "openai" });
    expect(code).toBe(1);
    expect(output).toMatch(/OPENAI_API_KEY is required because SUMMARY_PROVIDER=openai/);
  });

  it("exits 1 when DATA_DIR cannot hold the database", async () => {
    const parent = makeDataDir();
    const blocker = path.join(parent, "not-a-folder");
    writeFileSync(blocker, "a file where the data folder should be");
    const { code, output } = await runServerExpectingExit({ DATA_DIR: path.join(blocker, "data") });
    expect(code).toBe(1);
    expect(output).toMatch(/DATA_DIR .*not-a-folder\/data is not usable/);
    expect(output).not.toContain("listening");
  });

  it("creates a missing DATA_DIR", async () => {
    const dataDir = path.join(makeDataDir(), "nested", "data");
    mkdirSync(path.dirname(dataDir), { recursive: true });
    const server = await startAppServer({ dataDir });
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await server.stop();
  });
});
