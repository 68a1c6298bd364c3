import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { startAppServer, type AppServer } from "../support/app-server";
import { postConsultationStream } from "../support/api";
import { deltaText, openSse, type SseResponse } from "../support/sse";
import { WebSession } from "../support/web-session";

const MODEL_SUMMARY =
  "## Chief complaint\n- Cough for ten days with shortness of breath on stairs.\n\n## Plan\n- Doxycycline 100 mg twice a day for seven days.\n- Chest X-ray today.\n";

let fake: FakeOpenAI;
let server: AppServer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  server = await startAppServer({ env: { OPENAI_API_KEY: "sk-test-key", OPENAI_BASE_URL: fake.url } });
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

function post(notes = EXAMPLE_CONSULTATION): Promise<SseResponse> {
  return postConsultationStream(server.url, notes);
}

function summaryIdOf(stream: SseResponse): string {
  expect(stream.events[0]!.event).toBe("meta");
  return (stream.events[0]!.data as { summaryId: string }).summaryId;
}

async function replay(summaryId: string): Promise<SseResponse> {
  const stream = await openSse(`${server.url}/resources/summaries/${summaryId}/stream`);
  await stream.finished;
  return stream;
}

describe("the openai provider against an OpenAI-compatible server", () => {
  it("streams the model's tokens and records its reported usage and cost", async () => {
    const before = fake.calls.length;
    fake.script({
      type: "stream",
      tokens: tokensOf(MODEL_SUMMARY),
      usage: { prompt_tokens: 1200, completion_tokens: 300 },
    });
    const stream = await post();
    await stream.finished;

    expect(stream.events[0]!.data).toMatchObject({
      provider: "openai",
      model: "gpt-4o-mini",
      promptVersion: "v1",
    });
    expect(deltaText(stream.events)).toBe(MODEL_SUMMARY);
    expect(stream.events.at(-1)).toMatchObject({
      event: "done",
      data: { status: "complete", usage: { inputTokens: 1200, outputTokens: 300, estimated: false } },
    });
    // gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output.
    expect((stream.events.at(-1)!.data as { costUsd: number }).costUsd).toBeCloseTo(0.00036, 9);

    expect(fake.calls.length).toBe(before + 1);
    const call = fake.calls.at(-1)!;
    expect(call.apiKey).toBe("sk-test-key");
    expect(call.body).toMatchObject({
      model: "gpt-4o-mini",
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(call.body.messages?.[0]?.role).toBe("system");
    expect(call.body.messages?.[1]?.content).toContain("Metformin 1000 mg twice a day");
  });

  it("labels token counts as estimated when the server reports no usage", async () => {
    fake.script({ type: "stream", tokens: tokensOf(MODEL_SUMMARY), usage: false });
    const stream = await post();
    await stream.finished;
    const done = stream.events.at(-1)!.data as { usage: { estimated: boolean; inputTokens: number } };
    expect(done.usage.estimated).toBe(true);
    expect(done.usage.inputTokens).toBeGreaterThan(300);
  });

  it("reports a rejected key as a non-retryable error event and stores the failure", async () => {
    const before = fake.calls.length;
    fake.script({ type: "error", status: 401 });
    const stream = await post();
    await stream.finished;
    expect(stream.events.map((received) => received.event)).toEqual(["meta", "error"]);
    expect(stream.events[1]!.data).toMatchObject({ code: "upstream_auth", retryable: false });
    expect(JSON.stringify(stream.events[1]!.data)).not.toContain("sk-test-key");
    expect(fake.calls.length).toBe(before + 1);

    const stored = await replay(summaryIdOf(stream));
    expect(stored.events.at(-1)).toMatchObject({ event: "error", data: { code: "upstream_auth" } });
  });

  it("retries a 429 before the first token and then succeeds", async () => {
    const before = fake.calls.length;
    fake.script(
      { type: "error", status: 429, headers: { "retry-after-ms": "50" } },
      {
        type: "stream",
        tokens: tokensOf(MODEL_SUMMARY),
      },
    );
    const stream = await post();
    await stream.finished;
    expect(stream.events.at(-1)!.event).toBe("done");
    expect(deltaText(stream.events)).toBe(MODEL_SUMMARY);
    expect(fake.calls.length).toBe(before + 2);
  });

  it("keeps the partial text when the server fails mid-stream, without a second call", async () => {
    const before = fake.calls.length;
    const tokens = tokensOf(MODEL_SUMMARY);
    fake.script({ type: "stream", tokens, failAfterTokens: 6 });
    const stream = await post();
    await stream.finished;
    expect(stream.events.at(-1)).toMatchObject({
      event: "error",
      data: { code: "upstream_error", retryable: true },
    });
    const partial = tokens.slice(0, 6).join("");
    expect(deltaText(stream.events)).toBe(partial);
    expect(fake.calls.length).toBe(before + 1);

    const stored = await replay(summaryIdOf(stream));
    expect(deltaText(stored.events)).toBe(partial);
    expect(stored.events.at(-1)).toMatchObject({ event: "error", data: { code: "upstream_error" } });
  });

  it("stops the upstream call when the client goes away and keeps the summary as interrupted, not stopped", async () => {
    const tokens = tokensOf(MODEL_SUMMARY.repeat(20));
    fake.script({ type: "stream", tokens, tokenDelayMs: 20 });
    const stream = await post();
    await stream.waitFor("delta", 3);
    const summaryId = summaryIdOf(stream);
    const callIndex = fake.calls.length - 1;
    stream.abort();

    const call = await fake.aborted(callIndex, 10_000);
    expect(call.sentTokens.length).toBeLessThan(tokens.length);

    const stored = await replay(summaryId);
    expect(stored.events.at(-1)).toMatchObject({
      event: "error",
      data: { code: "interrupted", message: expect.stringMatching(/no page stayed connected/) },
    });
    const partial = deltaText(stored.events);
    expect(partial.length).toBeGreaterThan(0);
    expect(tokens.join("").startsWith(partial)).toBe(true);
  });

  it("attaches a reconnecting client to the running generation: one upstream call, the same text", async () => {
    const before = fake.calls.length;
    fake.script({ type: "stream", tokens: tokensOf(MODEL_SUMMARY.repeat(3)), tokenDelayMs: 15 });
    const first = await post();
    await first.waitFor("delta", 4);
    const second = await openSse(`${server.url}/resources/summaries/${summaryIdOf(first)}/stream`);
    await Promise.all([first.finished, second.finished]);

    expect(second.events.map((received) => received.event).slice(0, 2)).toEqual(["meta", "delta"]);
    expect(deltaText(second.events)).toBe(MODEL_SUMMARY.repeat(3));
    expect(deltaText(first.events)).toBe(MODEL_SUMMARY.repeat(3));
    expect(second.events.at(-1)!.data).toEqual(first.events.at(-1)!.data);

    const third = await replay(summaryIdOf(first));
    expect(deltaText(third.events)).toBe(MODEL_SUMMARY.repeat(3));
    expect(fake.calls.length).toBe(before + 1);
  });

  it("lets the clinician stop a summary from the page, keeping what was written", async () => {
    fake.script({ type: "stream", tokens: tokensOf(MODEL_SUMMARY.repeat(20)), tokenDelayMs: 20 });
    const stream = await post();
    await stream.waitFor("delta", 2);
    const { consultationId, summaryId } = stream.events[0]!.data as {
      consultationId: string;
      summaryId: string;
    };
    const stop = await new WebSession(server.url).postForm(`/consultations/${consultationId}`, {
      intent: "stop",
      summaryId,
    });
    expect(stop.status).toBe(200);
    await stream.finished;
    expect(stream.events.at(-1)).toMatchObject({
      event: "error",
      data: { code: "cancelled", message: "Stopped by the clinician." },
    });
    await fake.aborted(fake.calls.length - 1, 10_000);
  });
});

describe("OPENAI_MODEL and prices", () => {
  let local: AppServer;

  beforeAll(async () => {
    local = await startAppServer({
      env: { OPENAI_API_KEY: "sk-local", OPENAI_BASE_URL: fake.url, OPENAI_MODEL: "llama3.1-8b" },
    });
  });

  afterAll(async () => {
    await local?.stop();
  });

  it("overrides the prompt's model and reports an unknown price as null, not free", async () => {
    fake.script({ type: "stream", tokens: tokensOf(MODEL_SUMMARY) });
    const stream = await openSse(`${local.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
    });
    await stream.finished;
    expect(stream.events[0]!.data).toMatchObject({ model: "llama3.1-8b" });
    expect(fake.calls.at(-1)!.body.model).toBe("llama3.1-8b");
    expect(stream.events.at(-1)).toMatchObject({ event: "done", data: { costUsd: null } });
  });
});
