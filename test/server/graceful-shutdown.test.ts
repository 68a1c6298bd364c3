// SIGTERM (App Runner sends it on every deploy) with a summary in flight, against a slow upstream.
import { once } from "node:events";
import { existsSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { startAppServer, type AppServer } from "../support/app-server";
import { startStreamingSummary } from "../support/api";
import { storedSummaryRow } from "../support/server-database";
import { deltaText } from "../support/sse";

// About 40 tokens: at 40 ms each the summary takes ~1.6 s.
const SHORT_SUMMARY =
  "## Plan\n- Doxycycline 100 mg twice a day for seven days, with food and water.\n".repeat(3);
// About 400 tokens: ~12 s at 30 ms each, far longer than the short drain window.
const LONG_SUMMARY = "## Plan\n- Doxycycline 100 mg twice a day for seven days.\n".repeat(45);

let fake: FakeOpenAI;
const servers: AppServer[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop("SIGKILL")));
  await fake.close();
});

async function start(drainMs: number): Promise<AppServer> {
  const server = await startAppServer({
    env: {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.url,
      SHUTDOWN_DRAIN_MS: String(drainMs),
      SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
    },
  });
  servers.push(server);
  return server;
}

function postConsultation(server: AppServer) {
  return fetch(`${server.url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
  });
}

/** Sends SIGTERM once and resolves with the exit code (AppServer.stop would signal again). */
function terminate(server: AppServer): Promise<number | null> {
  const exited = once(server.process, "exit").then(([code]) => code as number | null);
  server.process.kill("SIGTERM");
  return exited;
}

/** Polls /ready until it says draining: the server has handled the signal and begun its drain. */
async function untilDraining(server: AppServer): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ready = await fetch(`${server.url}/ready`);
    await ready.body?.cancel();
    if (ready.status === 503) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The server's log lines, parsed, in the order it wrote them. */
function logLines(server: AppServer): { message?: string; [field: string]: unknown }[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { message?: string });
}

function storedSummary(server: AppServer, summaryId: string) {
  return storedSummaryRow(server, summaryId);
}

describe("graceful shutdown", () => {
  it("refuses new streams and reports draining, while a running summary finishes normally", async () => {
    fake.script({ type: "stream", tokens: tokensOf(SHORT_SUMMARY), tokenDelayMs: 40 });
    const server = await start(15_000);
    const { stream, summaryId } = await startStreamingSummary(server.url);

    const exited = terminate(server);
    // Wait until the signal has been handled before trying a new stream, so no request slips in
    // before the drain and calls the model a second time.
    await untilDraining(server);
    // The server keeps answering during the drain: new streams get 503, /ready says draining.
    const refused = await postConsultation(server);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ error: { code: "shutting_down" } });

    const reopened = await fetch(`${server.url}/resources/summaries/${summaryId}/stream`);
    expect(reopened.status).toBe(503);
    expect(await reopened.json()).toMatchObject({ error: { code: "shutting_down" } });

    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "draining" });

    await stream.finished;
    expect(stream.failure).toBeUndefined();
    expect(stream.events.at(-1)).toMatchObject({ event: "done", data: { status: "complete" } });
    expect(deltaText(stream.events)).toBe(SHORT_SUMMARY);
    expect(await exited).toBe(0);

    // Closed cleanly: the last connection's close checkpoints and removes the write-ahead log.
    if (server.database === "sqlite")
      expect(existsSync(path.join(server.dataDir, "consult-summary.sqlite-wal"))).toBe(false);
    expect(await storedSummary(server, summaryId)).toMatchObject({ status: "complete", text: SHORT_SUMMARY });
    expect(fake.calls).toHaveLength(1);
  });

  it("cancels what is still running when the drain window ends, saving the partial text, and exits 0", async () => {
    fake.script({ type: "stream", tokens: tokensOf(LONG_SUMMARY), tokenDelayMs: 30 });
    const drainMs = 1_000;
    const server = await start(drainMs);
    const { stream, summaryId } = await startStreamingSummary(server.url);
    const call = fake.calls.at(-1)!;

    const exited = terminate(server);
    await untilDraining(server);
    // Everything the model had sent when the server was seen draining (the server has no more).
    const sentBeforeDrain = call.sentTokens.join("");
    const exitCode = await exited;
    await stream.finished;
    expect(exitCode).toBe(0);
    expect(stream.failure).toBeUndefined();
    const last = stream.events.at(-1)!;
    expect(last).toMatchObject({ event: "error", data: { code: "interrupted", retryable: true } });
    expect((last.data as { message: string }).message).toMatch(/restarted.*Regenerate/s);
    const partial = deltaText(stream.events);
    expect(partial.length).toBeLessThan(LONG_SUMMARY.length);
    // It kept streaming through the drain window instead of stopping at the signal: the clinician
    // got text the model sent only after the server had begun draining.
    expect(partial.startsWith(sentBeforeDrain)).toBe(true);
    expect(partial.length).toBeGreaterThan(sentBeforeDrain.length);
    // By the server's own account it waited out its drain window before cancelling (that the wait
    // lasts the whole window is checked on a test clock in generation-manager.server.test.ts).
    const lines = logLines(server);
    const messages = lines.map((line) => line.message);
    expect(lines).toContainEqual(expect.objectContaining({ message: "shutting down", drainMs }));
    expect(lines).toContainEqual(
      expect.objectContaining({ message: "drain window over: cancelling running summaries", remaining: 1 }),
    );
    expect(messages.indexOf("shutting down")).toBeLessThan(
      messages.indexOf("drain window over: cancelling running summaries"),
    );

    expect(existsSync(path.join(server.dataDir, "consult-summary.sqlite-wal"))).toBe(false);
    expect(await storedSummary(server, summaryId)).toMatchObject({
      status: "failed",
      error_code: "interrupted",
      text: partial,
    });
  });
});
