import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { makeDataDir, startAppServer, type AppServer } from "../support/app-server";
import { postConsultationStream, startStreamingSummary } from "../support/api";
import { storedSummaryRow } from "../support/server-database";
import { deltaText, openSse, type SseResponse } from "../support/sse";
import { WebSession } from "../support/web-session";

const LONG_SUMMARY = "## Plan\n- Doxycycline 100 mg twice a day for seven days.\n".repeat(40);

let fake: FakeOpenAI;
const servers: AppServer[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({
    defaultStep: { type: "stream", tokens: tokensOf(LONG_SUMMARY), tokenDelayMs: 15 },
  });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop("SIGKILL")));
  await fake.close();
});

async function start(dataDir: string): Promise<AppServer> {
  const server = await startAppServer({
    dataDir,
    // No drain window: SIGTERM cancels running summaries at once (graceful-shutdown.test.ts covers the drain).
    env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url, SHUTDOWN_DRAIN_MS: "0" },
  });
  servers.push(server);
  return server;
}

/** The consultation page as a browser first receives it (server-rendered, before any script runs). */
async function consultationPage(server: AppServer, stream: SseResponse): Promise<string> {
  const { consultationId } = stream.events[0]!.data as { consultationId: string };
  const response = await fetch(`${server.url}/consultations/${consultationId}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** Reads the stored partial text straight from the database, as another process would. */
async function waitForSavedText(server: AppServer, summaryId: string): Promise<string> {
  for (;;) {
    const row = await storedSummaryRow(server, summaryId);
    if (row && row.text.length > 0) return row.text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("summaries survive the server going away", () => {
  it("marks a summary interrupted by a crash as failed, keeping its partial text", async () => {
    const dataDir = makeDataDir();
    const first = await start(dataDir);
    const { stream, summaryId } = await startStreamingSummary(first.url);
    const saved = await waitForSavedText(first, summaryId);
    await first.stop("SIGKILL");
    await stream.finished;

    const second = await start(dataDir);
    const replay = await openSse(`${second.url}/resources/summaries/${summaryId}/stream`);
    await replay.finished;
    const partial = deltaText(replay.events);
    expect(partial.startsWith(saved)).toBe(true);
    expect(LONG_SUMMARY.startsWith(partial)).toBe(true);
    expect(replay.events.at(-1)).toMatchObject({
      event: "error",
      data: {
        code: "interrupted",
        retryable: true,
        message: expect.stringMatching(/server stopped.*Regenerate/s),
      },
    });
    expect(await storedSummaryRow(second, summaryId)).toMatchObject({
      status: "failed",
      error_code: "interrupted",
      text: partial,
    });

    const page = await consultationPage(second, stream);
    expect(page).toContain("Interrupted");
    expect(page).not.toContain("Stopped by you");
    expect(page).toContain(partial.split("\n")[0]);
  });

  it("on SIGTERM ends running streams as interrupted (not stopped), saving their text, and exits 0", async () => {
    const dataDir = makeDataDir();
    const server = await start(dataDir);
    const { stream, summaryId } = await startStreamingSummary(server.url);
    expect(await server.stop("SIGTERM")).toBe(0);
    await stream.finished;
    expect(stream.failure).toBeUndefined();
    expect(stream.events.at(-1)).toMatchObject({
      event: "error",
      data: {
        code: "interrupted",
        retryable: true,
        message: expect.stringMatching(/restarted.*Regenerate/s),
      },
    });

    const row = (await storedSummaryRow(server, summaryId))!;
    expect(row).toMatchObject({ status: "failed", error_code: "interrupted" });
    expect(row.text).toBe(deltaText(stream.events));
    expect(row.text.length).toBeGreaterThan(0);

    const again = await start(dataDir);
    const page = await consultationPage(again, stream);
    expect(page).toContain("Interrupted");
    expect(page).not.toContain("Stopped by you");
  });

  it("after a restart the list says Interrupted for the summary the server ended, Stopped for the one the clinician stopped, Failed for a failure", async () => {
    const dataDir = makeDataDir();
    const first = await start(dataDir);
    const consultationOf = (stream: SseResponse) =>
      (stream.events[0]!.data as { consultationId: string }).consultationId;

    const interrupted = await startStreamingSummary(first.url);
    const stopped = await startStreamingSummary(first.url);
    const session = new WebSession(first.url);
    const stoppedPath = `/consultations/${consultationOf(stopped.stream)}`;
    await session.page(stoppedPath);
    const stop = await session.postForm(stoppedPath, { intent: "stop", summaryId: stopped.summaryId });
    expect(stop.status).toBe(200);
    await stopped.stream.finished;
    expect(stopped.stream.events.at(-1)).toMatchObject({ event: "error", data: { code: "cancelled" } });
    fake.script({ type: "error", status: 400, message: "Invalid request" });
    const failed = await postConsultationStream(first.url);
    await failed.finished;
    expect(failed.events.at(-1)).toMatchObject({ event: "error", data: { retryable: false } });

    await waitForSavedText(first, interrupted.summaryId);
    await first.stop("SIGKILL");
    await interrupted.stream.finished;
    const second = await start(dataDir);
    // On PostgreSQL another instance could still be writing it: the summary is interrupted once its
    // writer has been silent long enough, which its stream (as the page opens it) waits for.
    const replay = await openSse(`${second.url}/resources/summaries/${interrupted.summaryId}/stream`);
    await replay.finished;
    expect(replay.events.at(-1)).toMatchObject({ event: "error", data: { code: "interrupted" } });
    const list = await (await fetch(`${second.url}/`)).text();
    const badgeOf = (consultationId: string) =>
      new RegExp(`href="/consultations/${consultationId}"[\\s\\S]*?class="badge badge-[a-z]+">([^<]+)<`).exec(
        list,
      )?.[1];
    expect({
      interrupted: badgeOf(consultationOf(interrupted.stream)),
      stopped: badgeOf(consultationOf(stopped.stream)),
      failed: badgeOf(consultationOf(failed)),
    }).toEqual({ interrupted: "Interrupted", stopped: "Stopped", failed: "Failed" });
  });
});
