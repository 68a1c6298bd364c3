// The model misbehaves; the app answers with a clear error event, keeps what the clinician typed,
// and goes on serving.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { startAppServer, type AppServer } from "../support/app-server";
import { postConsultationStream } from "../support/api";
import { onDisk } from "../support/in-process-database";
import { queryServerDatabase } from "../support/server-database";
import { deltaText, openSse } from "../support/sse";

let fake: FakeOpenAI;
let garbage: Server;
let garbageUrl: string;
const servers: AppServer[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  // An "OpenAI-compatible" server that answers a stream with lines that are not JSON.
  garbage = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end('data: {"choices": [ {"delta": {"content": "Cou\n\ndata: <html>oops</html>\n\ndata: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => garbage.listen(0, "127.0.0.1", resolve));
  garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await fake?.close();
  await new Promise((resolve) => garbage?.close(resolve));
});

async function appWith(env: Record<string, string>): Promise<AppServer> {
  const server = await startAppServer({
    env: { OPENAI_API_KEY: "sk-test", SUMMARY_RATE_LIMIT_PER_MINUTE: "0", ...env },
  });
  servers.push(server);
  return server;
}

async function summarize(server: AppServer) {
  const stream = await postConsultationStream(server.url);
  await stream.finished;
  return stream;
}

/** The consultation is intact and the server still answers. */
async function expectNothingLost(server: AppServer, consultationId: string): Promise<void> {
  const page = await fetch(`${server.url}/consultations/${consultationId}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Metformin 1000 mg twice a day");
  expect((await fetch(`${server.url}/health`)).status).toBe(200);
}

describe("upstream faults", () => {
  it("a model that never answers ends as upstream_timeout", async () => {
    const server = await appWith({ OPENAI_BASE_URL: fake.url, OPENAI_TIMEOUT_MS: "300" });
    fake.script({ type: "hang" }, { type: "hang" }, { type: "hang" });
    const stream = await summarize(server);
    expect(stream.events.at(-1)).toMatchObject({
      event: "error",
      data: { code: "upstream_timeout", retryable: true },
    });
    await expectNothingLost(server, (stream.events[0]!.data as { consultationId: string }).consultationId);
  });

  it("a model that runs past the total time cap is cut off with its text kept", async () => {
    const server = await appWith({ OPENAI_BASE_URL: fake.url, UPSTREAM_TOTAL_TIMEOUT_MS: "1000" });
    const tokens = tokensOf("## Plan\n- Chest X-ray today.\n".repeat(40));
    fake.script({ type: "stream", tokens, tokenDelayMs: 40 });
    const stream = await summarize(server);
    expect(stream.events.at(-1)).toMatchObject({ event: "error", data: { code: "upstream_timeout" } });
    const partial = deltaText(stream.events);
    expect(partial.length).toBeGreaterThan(0);
    expect(tokens.join("").startsWith(partial)).toBe(true);
    const { summaryId, consultationId } = stream.events[0]!.data as {
      summaryId: string;
      consultationId: string;
    };
    const replay = await openSse(`${server.url}/resources/summaries/${summaryId}/stream`);
    await replay.finished;
    expect(deltaText(replay.events)).toBe(partial);
    await expectNothingLost(server, consultationId);
  });

  it("a server that answers with garbage ends as a clear error", async () => {
    const server = await appWith({ OPENAI_BASE_URL: garbageUrl });
    const stream = await summarize(server);
    const last = stream.events.at(-1)!;
    expect(last.event).toBe("error");
    expect((last.data as { message: string }).message.length).toBeGreaterThan(10);
    await expectNothingLost(server, (stream.events[0]!.data as { consultationId: string }).consultationId);
  });

  it("shows and stores none of an error message that quotes the consultation, key or no key", async () => {
    const server = await appWith({
      OPENAI_BASE_URL: fake.url,
      DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    });
    // Shorter than any quote a substring check could be sure is from the notes.
    const quote = "gives me a rash";
    fake.reset(); // no step left over from the tests before
    fake.script({ type: "error", status: 400, message: `Flagged content: '${quote}'` });
    const stream = await summarize(server);
    expect(stream.events.at(-1)).toMatchObject({ event: "error", data: { code: "bad_request" } });
    expect(JSON.stringify(stream.events)).not.toContain(quote);

    const { summaryId } = stream.events[0]!.data as { summaryId: string };
    const [row] = await queryServerDatabase<{ error_message: string }>(
      server,
      "select error_message from summaries where id = ?",
      summaryId,
    );
    expect(row!.error_message).toBe("The AI service rejected the request (HTTP 400, invalid_request_error).");
    if (!server.databaseUrl) expect(onDisk(server.dataDir, quote)).toBe(false);
  });
});
