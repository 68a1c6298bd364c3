import { createServer } from "node:net";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createOpenAIProvider, type OpenAIProviderOptions } from "./provider";
import { SummaryError, type SummaryChunk, type SummaryRequest } from "../types";
import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "../../testing/fake-openai-server";
import { buildSummaryRequest } from "../../testing/summary-request";

const API_KEY = "sk-test-0123456789abcdef-SECRETKEY";
const NOTES = "Patient reports a persistent dry cough for three weeks, worse at night, no fever.";

let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

function provider(options: Partial<OpenAIProviderOptions> = {}) {
  return createOpenAIProvider({
    apiKey: API_KEY,
    baseURL: fake.url,
    requestTimeoutMs: 2_000,
    idleTimeoutMs: 2_000,
    retryBaseDelayMs: 5,
    maxRetryDelayMs: 20,
    ...options,
  });
}

function request(overrides: Partial<SummaryRequest> = {}): SummaryRequest {
  return buildSummaryRequest({
    notes: NOTES,
    sections: [{ key: "history", title: "History" }],
    model: "gpt-test-mini",
    ...overrides,
  });
}

async function collect(iterable: AsyncIterable<SummaryChunk>) {
  const chunks: SummaryChunk[] = [];
  let error: unknown;
  try {
    for await (const chunk of iterable) chunks.push(chunk);
  } catch (caught) {
    error = caught;
  }
  const text = chunks.flatMap((c) => (c.type === "delta" ? [c.text] : [])).join("");
  const usage = chunks.filter((c) => c.type === "usage");
  return { chunks, text, usage, error };
}

function expectSummaryError(error: unknown, code: string, retryable: boolean): SummaryError {
  expect(error).toBeInstanceOf(SummaryError);
  const summaryError = error as SummaryError;
  expect(summaryError.code).toBe(code);
  expect(summaryError.retryable).toBe(retryable);
  expect(summaryError.message).not.toContain(NOTES.slice(0, 30));
  expect(summaryError.message).not.toContain("SECRETKEY");
  return summaryError;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("OpenAI provider against the fake upstream", () => {
  it("streams deltas and reports the provider's usage", async () => {
    const text = "## History\nDry cough for three weeks, worse at night.";
    fake.script({
      type: "stream",
      tokens: tokensOf(text),
      usage: { prompt_tokens: 123, completion_tokens: 45 },
    });

    const result = await collect(provider().stream(request()));

    expect(result.error).toBeUndefined();
    expect(result.text).toBe(text);
    expect(result.chunks.every((c) => c.type !== "delta" || c.text.length > 0)).toBe(true);
    expect(result.usage).toEqual([{ type: "usage", inputTokens: 123, outputTokens: 45, estimated: false }]);
    expect(result.chunks.at(-1)?.type).toBe("usage");

    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.apiKey).toBe(API_KEY);
    expect(call.body.model).toBe("gpt-test-mini");
    expect(call.body.stream).toBe(true);
    expect(call.body.stream_options).toEqual({ include_usage: true });
    expect(call.body.messages).toEqual(request().messages);
    expect(call.body.temperature).toBe(0.2);
    expect(call.body.max_tokens).toBe(512);
    expect(call.outcome).toBe("completed");
  });

  it("yields no usage when the service reports none (callers estimate it from the text)", async () => {
    const text = "Assessment: likely post-viral cough.";
    fake.script({ type: "stream", tokens: tokensOf(text), usage: false });

    const result = await collect(provider().stream(request()));

    expect(result.error).toBeUndefined();
    expect(result.text).toBe(text);
    expect(result.usage).toEqual([]);
  });

  it("maps 401 to upstream_auth without retrying or echoing the key", async () => {
    fake.script({ type: "error", status: 401 });

    const result = await collect(provider().stream(request()));

    const error = expectSummaryError(result.error, "upstream_auth", false);
    expect(error.message).toMatch(/API key/);
    expect(error.message).not.toContain("Incorrect API key provided");
    expect(fake.calls).toHaveLength(1);
  });

  it("maps 404 to model_not_found naming the model", async () => {
    fake.script({ type: "error", status: 404 });

    const result = await collect(provider().stream(request({ model: "no-such-model" })));

    const error = expectSummaryError(result.error, "model_not_found", false);
    expect(error.message).toContain("no-such-model");
    expect(fake.calls).toHaveLength(1);
  });

  it("maps 400 to bad_request and never quotes the consultation back", async () => {
    fake.script({ type: "error", status: 400, message: `Invalid content in message 1: '${NOTES}'` });

    const result = await collect(provider().stream(request()));

    expectSummaryError(result.error, "bad_request", false);
    expect(fake.calls).toHaveLength(1);
  });

  it("never passes on the service's own error text: its status and a well-formed error code at most", async () => {
    // Short quotes of the notes, as a service may put in a message, a type or a code.
    fake.script(
      { type: "error", status: 400, message: "Flagged: 'dry cough'", code: "content_policy_violation" },
      {
        type: "error",
        status: 422,
        message: "persistent dry cough",
        errorType: "Patient reports",
        code: "worse at night",
      },
    );

    const flagged = await collect(provider().stream(request()));
    const quoted = await collect(provider().stream(request()));

    expect(expectSummaryError(flagged.error, "bad_request", false).message).toBe(
      "The AI service rejected the request (HTTP 400, content_policy_violation).",
    );
    expect(expectSummaryError(quoted.error, "bad_request", false).message).toBe(
      "The AI service rejected the request (HTTP 422).",
    );
  });

  it("passes on no text of an error event in the stream", async () => {
    const tokens = tokensOf("History: dry cough. Plan: review.");
    fake.script({
      type: "stream",
      tokens,
      failAfterTokens: 2,
      failMode: "error-event",
      errorEvent: { message: "cough, worse at night", type: "server_error", code: "night cough" },
    });

    const result = await collect(provider().stream(request()));

    expect(expectSummaryError(result.error, "upstream_error", true).message).toBe(
      "The AI service reported an error while writing the summary (server_error).",
    );
  });

  it("retries a 429 (honouring retry-after, capped) and then succeeds", async () => {
    fake.script(
      { type: "error", status: 429, headers: { "retry-after": "30" } },
      { type: "stream", tokens: ["Cough", " noted."] },
    );

    const result = await collect(provider().stream(request()));

    expect(result.error).toBeUndefined();
    expect(result.text).toBe("Cough noted.");
    expect(fake.calls).toHaveLength(2);
  });

  it("gives up with rate_limited after maxAttempts", async () => {
    fake.script(
      { type: "error", status: 429, headers: { "retry-after-ms": "1" } },
      { type: "error", status: 429, headers: { "retry-after-ms": "1" } },
    );

    const result = await collect(provider({ maxAttempts: 2 }).stream(request()));

    expectSummaryError(result.error, "rate_limited", true);
    expect(fake.calls).toHaveLength(2);
  });

  it("retries a 500 that happens before the first token", async () => {
    fake.script(
      { type: "error", status: 500 },
      { type: "error", status: 503 },
      { type: "stream", tokens: ["OK."] },
    );

    const result = await collect(provider().stream(request()));

    expect(result.error).toBeUndefined();
    expect(result.text).toBe("OK.");
    expect(fake.calls).toHaveLength(3);
  });

  it("retries a connection drop before any token was yielded", async () => {
    fake.script(
      { type: "stream", tokens: ["Lost"], failAfterTokens: 0 },
      { type: "stream", tokens: ["Fine."] },
    );

    const result = await collect(provider().stream(request()));

    expect(result.error).toBeUndefined();
    expect(result.text).toBe("Fine.");
    expect(fake.calls).toHaveLength(2);
  });

  it("throws without retry when the connection drops mid-stream, keeping the partial deltas", async () => {
    const tokens = tokensOf("History: dry cough. Plan: review in two weeks.");
    fake.script({ type: "stream", tokens, failAfterTokens: 3, failMode: "destroy" });

    const result = await collect(provider().stream(request()));

    expectSummaryError(result.error, "upstream_error", true);
    expect(result.text).toBe(fake.calls[0]!.sentTokens.join(""));
    expect(result.text).toBe(tokens.slice(0, 3).join(""));
    expect(result.usage).toHaveLength(0);
    expect(fake.calls).toHaveLength(1);
  });

  it("throws without retry on a mid-stream error event", async () => {
    const tokens = tokensOf("History: dry cough. Plan: review.");
    fake.script({ type: "stream", tokens, failAfterTokens: 2, failMode: "error-event" });

    const result = await collect(provider().stream(request()));

    expectSummaryError(result.error, "upstream_error", true);
    expect(result.text).toBe(tokens.slice(0, 2).join(""));
    expect(fake.calls).toHaveLength(1);
  });

  it("treats a stream that ends without finishing as an upstream error", async () => {
    fake.script({ type: "stream", tokens: ["Half", " a"], failAfterTokens: 2, failMode: "truncate" });

    const result = await collect(provider().stream(request()));

    expectSummaryError(result.error, "upstream_error", true);
    expect(result.text).toBe("Half a");
    expect(fake.calls).toHaveLength(1);
  });

  it("times out with upstream_timeout when tokens stall beyond the idle timeout", async () => {
    // The first token comes at once, the next never within the test: the idle timer alone decides.
    fake.script({ type: "stream", tokens: ["Slow", " tokens", " here"], tokenDelayMs: 60_000 });

    const result = await collect(provider({ idleTimeoutMs: 500 }).stream(request()));

    expectSummaryError(result.error, "upstream_timeout", true);
    expect(result.text).toBe("Slow");
    expect(fake.calls).toHaveLength(1);
    await fake.aborted(0);
  });

  it("ends a summary that runs past the total time cap as upstream_timeout, keeping what arrived", async () => {
    // Tokens keep coming (the idle timer never fires), but the second only after the cap.
    const tokens = tokensOf("one two three four five six seven eight nine ten eleven twelve");
    fake.script({ type: "stream", tokens, tokenDelayMs: 60_000 });

    const result = await collect(
      provider({ totalTimeoutMs: 1_000, idleTimeoutMs: 120_000 }).stream(request()),
    );

    expectSummaryError(result.error, "upstream_timeout", true);
    expect((result.error as Error).message).toMatch(/took longer than 1 second/);
    expect(result.text).toBe("one");
    await fake.aborted(0);
  });

  it("times out with upstream_timeout when the response never starts", async () => {
    fake.script({ type: "hang" }, { type: "hang" });

    const result = await collect(provider({ requestTimeoutMs: 100, maxAttempts: 2 }).stream(request()));

    expectSummaryError(result.error, "upstream_timeout", true);
    expect(fake.calls).toHaveLength(2);
    await fake.aborted(0);
    await fake.aborted(1);
  });

  it("aborts the upstream request when the caller aborts mid-stream", async () => {
    fake.script({ type: "stream", tokens: tokensOf("one two three four five six"), tokenDelayMs: 50 });
    const controller = new AbortController();
    const chunks: SummaryChunk[] = [];
    let error: unknown;

    try {
      for await (const chunk of provider().stream(request({ signal: controller.signal }))) {
        chunks.push(chunk);
        if (chunks.length === 2) controller.abort();
      }
    } catch (caught) {
      error = caught;
    }

    expectSummaryError(error, "cancelled", true);
    expect(chunks.map((c) => (c.type === "delta" ? c.text : ""))).toEqual(["one", " two"]);
    const call = await fake.aborted(0);
    expect(call.clientAborted).toBe(true);
    expect(call.sentTokens.length).toBeLessThan(6);
  });

  it("aborts the upstream request when the consumer stops iterating", async () => {
    fake.script({ type: "stream", tokens: tokensOf("one two three four"), tokenDelayMs: 50 });

    for await (const chunk of provider().stream(request())) {
      if (chunk.type === "delta") break;
    }

    await fake.aborted(0);
  });

  it("is cancelled during backoff without another call", async () => {
    fake.script({ type: "error", status: 500 }, { type: "stream", tokens: ["never"] });
    const controller = new AbortController();
    const stream = provider({ retryBaseDelayMs: 10_000, maxRetryDelayMs: 10_000 }).stream(
      request({ signal: controller.signal }),
    );

    const pending = collect(stream);
    await fake.waitForCall(0);
    await fake.calls[0]!.finished;
    controller.abort();
    const result = await pending;

    expectSummaryError(result.error, "cancelled", true);
    expect(fake.calls).toHaveLength(1);
  });

  it("is cancelled without any call when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();

    const result = await collect(provider().stream(request({ signal: controller.signal })));

    expectSummaryError(result.error, "cancelled", true);
    expect(fake.calls).toHaveLength(0);
  });

  it("refuses a redirect without retrying: the consultation never reaches the other address", async () => {
    const elsewhere = await startFakeOpenAI();
    try {
      for (const status of [307, 308] as const) {
        fake.reset();
        fake.script({ type: "redirect", status, location: `${elsewhere.url}/chat/completions` });

        const result = await collect(provider().stream(request()));

        const error = expectSummaryError(result.error, "upstream_error", false);
        expect(error.message).toMatch(/redirect/);
        expect(fake.calls).toHaveLength(1);
      }
      expect(elsewhere.calls).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it("maps an unreachable base URL to upstream_unreachable", async () => {
    const port = await closedPort();
    const unreachable = provider({ baseURL: `http://127.0.0.1:${port}/v1`, maxAttempts: 2 });

    const result = await collect(unreachable.stream(request()));

    const error = expectSummaryError(result.error, "upstream_unreachable", true);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/refused/);
  });
});
