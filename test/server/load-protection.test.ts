// Protection under load on the built server: text work runs off the event loop (and is stopped
// when it takes too long), new streams are refused while the loop lags, and one user cannot hold
// more than STREAMS_PER_USER streams open.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { postConsultationStream } from "../support/api";
import { startAppServer, type AppServer } from "../support/app-server";
import { pollUntil } from "../support/deadlines";
import { queryServerDatabase } from "../support/server-database";
import { errorCode, httpRequest } from "../support/http-request";
import { openSse, type SseResponse } from "../support/sse";

const METRICS_TOKEN = "load-protection-metrics-token";
// An ordinary visit repeated to the 100,000-character limit: seconds of work for the embedded
// writer if it ran on the event loop, so /health would wait for it.
const LONG_VISIT = EXAMPLE_CONSULTATION.repeat(Math.floor(100_000 / EXAMPLE_CONSULTATION.length));

async function metric(server: AppServer, line: RegExp): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const match = (await response.text()).split("\n").find((candidate) => line.test(candidate));
  return match ? Number(match.split(" ").at(-1)) : 0;
}

describe("text work in worker threads", () => {
  let server: AppServer;

  beforeAll(async () => {
    server = await startAppServer({
      env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0", METRICS_TOKEN, TEXT_WORK_THREADS: "1" },
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("answers /health while a worker writes a 100,000-character summary", async () => {
    const stream = await postConsultationStream(server.url, LONG_VISIT);
    await stream.waitFor("meta");
    // Had the writer and the token count run on the event loop, /health would wait for both;
    // here it answers while the summary is still being written and counted.
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(stream.events.map((received) => received.event)).not.toContain("done");
    await stream.finished;
    expect(stream.events.at(-1)!.event).toBe("done");
    expect(await metric(server, /^text_tasks_total\{task="summarize",outcome="ok"\}/)).toBeGreaterThanOrEqual(
      1,
    );
  });

  it("checks a summary against the notes in a worker when its page is viewed", async () => {
    const stream = await postConsultationStream(server.url, EXAMPLE_CONSULTATION);
    await stream.finished;
    const { consultationId } = stream.events[0]!.data as { consultationId: string };
    const before = await metric(server, /^text_tasks_total\{task="groundSummary",outcome="ok"\}/);
    const page = await (await fetch(`${server.url}/consultations/${consultationId}`)).text();
    expect(page).toContain("Show where this comes from in the notes");
    // A second view is served from the remembered check: no second task.
    await (await fetch(`${server.url}/consultations/${consultationId}`)).text();
    expect(await metric(server, /^text_tasks_total\{task="groundSummary",outcome="ok"\}/)).toBe(before + 1);
  });
});

describe("text work over its time limit", () => {
  let server: AppServer;

  beforeAll(async () => {
    server = await startAppServer({
      env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0", METRICS_TOKEN, TEXT_WORK_TIMEOUT_MS: "1" },
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("ends the summary with processing_timeout instead of stalling, and keeps serving", async () => {
    const stream = await postConsultationStream(server.url, LONG_VISIT);
    await stream.finished;
    expect(stream.events.at(-1)).toMatchObject({
      event: "error",
      data: { code: "processing_timeout", retryable: false },
    });
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(
      await metric(server, /^text_tasks_total\{task="summarize",outcome="timeout"\}/),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe("while the event loop lags", () => {
  let server: AppServer;

  beforeAll(async () => {
    server = await startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
  });

  afterAll(async () => {
    server?.process.kill("SIGCONT");
    await server?.stop();
  });

  it("refuses new streams with 503 and Retry-After, fails /ready, keeps /health, then recovers", async () => {
    // A stopped process is the purest stalled event loop: nothing it scheduled runs on time.
    server.process.kill("SIGSTOP");
    const sent = {
      stream: httpRequest(`${server.url}/api/consultation`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
      }),
      ready: httpRequest(`${server.url}/ready`),
      health: httpRequest(`${server.url}/health`),
    };
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    server.process.kill("SIGCONT");

    const stream = await sent.stream;
    expect(stream.status).toBe(503);
    expect(errorCode(stream)).toBe("server_busy");
    expect(Number(stream.headers["retry-after"])).toBeGreaterThan(0);
    const ready = await sent.ready;
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({ checks: { eventLoop: "failed" } });
    expect((await sent.health).status).toBe(200);

    await pollUntil(async () => (await fetch(`${server.url}/ready`)).status === 200, 10_000, "/ready");
    const after = await postConsultationStream(server.url);
    await after.finished;
    expect(after.events.at(-1)!.event).toBe("done");
  });
});

describe("streams per user", () => {
  let fake: FakeOpenAI;
  let server: AppServer;
  const open: SseResponse[] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startAppServer({
      env: {
        OPENAI_API_KEY: "sk-test-key",
        OPENAI_BASE_URL: fake.url,
        STREAMS_PER_USER: "3",
        SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
      },
    });
  });

  afterEach(() => {
    for (const stream of open.splice(0)) stream.abort();
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  it("refuses a stream over the cap with 429 JSON, writing no audit entry, and frees the slot on close", async () => {
    // Slow enough to stay open for the whole test.
    fake.setDefault({ type: "stream", tokens: tokensOf("A slow summary. ".repeat(50)), tokenDelayMs: 200 });
    const first = await postConsultationStream(server.url);
    open.push(first);
    const { summaryId } = (await first.waitFor("meta")).data as { summaryId: string };
    for (let i = 0; i < 2; i++) {
      const viewer = await openSse(`${server.url}/resources/summaries/${summaryId}/stream`);
      open.push(viewer);
      expect(viewer.status).toBe(200);
    }
    const streamAudits = async () => {
      const [row] = await queryServerDatabase<{ n: number | string }>(
        server,
        "select count(*) as n from audit_events where action = 'stream'",
      );
      return Number(row!.n);
    };
    const audited = await streamAudits();
    const refused = await fetch(`${server.url}/resources/summaries/${summaryId}/stream`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: "too_many_streams" } });
    expect(await streamAudits()).toBe(audited);
    const refusedNew = await fetch(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
    });
    expect(refusedNew.status).toBe(429);

    open.pop()!.abort();
    await pollUntil(
      async () => {
        const again = await openSse(`${server.url}/resources/summaries/${summaryId}/stream`);
        if (again.status === 200) open.push(again);
        return again.status === 200;
      },
      10_000,
      "a slot to be freed",
    );
  });
});

describe("stream opens per client", () => {
  let server: AppServer;

  beforeAll(async () => {
    // The cap on streams held open is out of the way here: replays still running when the next
    // arrive would be refused by it too, which is not what this test is about.
    server = await startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0", STREAMS_PER_USER: "1000" } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("refuses a flood of stream opens with 429 before any of them reaches the app", async () => {
    const created = await postConsultationStream(server.url);
    await created.finished;
    const { summaryId } = created.events[0]!.data as { summaryId: string };
    const [before] = await queryServerDatabase<{ n: number | string }>(
      server,
      "select count(*) as n from audit_events where action = 'stream'",
    );
    // Replays of a finished summary end at once, so no cap on open streams stops these.
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => httpRequest(`${server.url}/resources/summaries/${summaryId}/stream`)),
    );
    const refused = responses.filter((response) => response.status === 429);
    const served = responses.filter((response) => response.status === 200);
    expect(refused.length + served.length).toBe(100);
    // 20 at once, then 5 a second for as long as the burst takes to arrive.
    expect(served.length).toBeGreaterThanOrEqual(20);
    expect(served.length).toBeLessThan(50);
    expect(errorCode(refused[0]!)).toBe("too_many_streams");
    expect(Number(refused[0]!.headers["retry-after"])).toBeGreaterThan(0);
    const [after] = await queryServerDatabase<{ n: number | string }>(
      server,
      "select count(*) as n from audit_events where action = 'stream'",
    );
    expect(Number(after!.n) - Number(before!.n)).toBe(served.length);
  });
});
