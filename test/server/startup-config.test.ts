import { createServer, type AddressInfo } from "node:net";
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

  it.skipIf(process.env.TEST_DATABASE === "postgres")(
    "exits 1 when DATA_DIR cannot hold the database",
    async () => {
      const parent = makeDataDir();
      const blocker = path.join(parent, "not-a-folder");
      writeFileSync(blocker, "a file where the data folder should be");
      const { code, output } = await runServerExpectingExit({ DATA_DIR: path.join(blocker, "data") });
      expect(code).toBe(1);
      expect(output).toMatch(/DATA_DIR .*not-a-folder\/data is not usable/);
      expect(output).not.toContain("listening");
    },
  );

  it("exits 1 naming DATABASE_URL's host, never its password, when PostgreSQL cannot be reached", async () => {
    const unreachable = await unusedPort();
    const { code, output } = await runServerExpectingExit({
      DATABASE_URL: `postgres://app:SeCrEtPaSsWoRd@127.0.0.1:${unreachable}/consult`,
      DATABASE_CONNECT_TIMEOUT_MS: "1000",
    });
    expect(code).toBe(1);
    expect(output).toMatch(
      new RegExp(`DATABASE_URL \\(postgres://127\\.0\\.0\\.1:${unreachable}/consult\\) is not usable`),
    );
    expect(output).not.toContain("SeCrEtPaSsWoRd");
    expect(output).not.toContain("listening");
  });

  it("exits 1 naming DATABASE_URL when it is not a PostgreSQL URL", async () => {
    const { code, output } = await runServerExpectingExit({ DATABASE_URL: "mysql://app:pw@db/consult" });
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL.*must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(output).not.toContain("app:pw");
  });

  it("creates a missing DATA_DIR", async () => {
    const dataDir = path.join(makeDataDir(), "nested", "data");
    mkdirSync(path.dirname(dataDir), { recursive: true });
    const server = await startAppServer({ dataDir });
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await server.stop();
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
