// Event streams send a comment heartbeat while the model is silent, before its first token and
// between tokens, so a load balancer's idle timeout never cuts them; a spec-following EventSource
// (undici's, as browsers do) ignores the comments, and a client that leaves stops them.
import { EventSource } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { postConsultationStream } from "../support/api";
import { startAppServer, type AppServer } from "../support/app-server";
import { parseSse } from "../support/sse";

const TOKENS = tokensOf("## Plan\n- Rest and fluids.");

let fake: FakeOpenAI;
let server: AppServer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  server = await startAppServer({
    env: {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.url,
      OPENAI_TIMEOUT_MS: "10000",
      SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
      SSE_HEARTBEAT_MS: "100",
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

/** A model that is silent for a while before each token (several heartbeat intervals). */
function slowModel(): void {
  fake.script({ type: "stream", tokens: TOKENS, firstTokenDelayMs: 800, tokenDelayMs: 500 });
}

/** The lines of a POST /api/consultation stream that matter, in order: "heartbeat" for comments, else the event name. */
async function rawFrames(): Promise<{ frames: string[]; body: string }> {
  const response = await fetch(`${server.url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ notes: "Doctor: How are you?\nPatient: A cough for three days." }),
  });
  const body = await response.text();
  // A comment line can fall between an event's "event:" and "data:" lines (both are legal SSE).
  const frames = body
    .split("\n")
    .flatMap((line) =>
      line.startsWith(":") ? ["heartbeat"] : line.startsWith("event: ") ? [line.slice("event: ".length)] : [],
    );
  return { frames, body };
}

describe("event-stream heartbeats", () => {
  it("arrive as comments before the first token and between tokens while the model is silent", async () => {
    slowModel();
    const { frames, body } = await rawFrames();
    expect(body).toContain(": heartbeat\n");
    const deltas = frames.flatMap((frame, i) => (frame === "delta" ? [i] : []));
    expect(deltas.length).toBeGreaterThanOrEqual(2);
    expect(frames[0]).toBe("meta");
    expect(frames.slice(1, deltas[0]).filter((frame) => frame === "heartbeat").length).toBeGreaterThan(0);
    expect(
      frames.slice(deltas[0], deltas[1]).filter((frame) => frame === "heartbeat").length,
    ).toBeGreaterThan(0);
    expect(frames.at(-1)).toBe("done");
    // The repo's SSE reader sees exactly the events, none of the comments.
    const events = parseSse(body);
    expect(events.map((event) => event.event)).toEqual(frames.filter((frame) => frame !== "heartbeat"));
    expect(
      events
        .flatMap((event) => (event.event === "delta" ? [(event.data as { text: string }).text] : []))
        .join(""),
    ).toBe(TOKENS.join(""));
  });

  it("are ignored by EventSource: the summary's events arrive unchanged and no message event appears", async () => {
    slowModel();
    const started = await postConsultationStream(server.url);
    const { summaryId } = (await started.waitFor("meta")).data as { summaryId: string };
    const source = new EventSource(`${server.url}/resources/summaries/${summaryId}/stream`);
    const received: { type: string; data: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      const keep = (event: Event) =>
        received.push({ type: event.type, data: String((event as MessageEvent<string>).data) });
      for (const type of ["meta", "delta", "message"]) source.addEventListener(type, keep);
      source.addEventListener("done", (event) => {
        keep(event);
        resolve();
      });
      source.addEventListener("error", () =>
        reject(new Error(`EventSource failed after ${JSON.stringify(received)}`)),
      );
    });
    source.close();
    await started.finished;
    expect(received.map((event) => event.type)).toEqual([
      "meta",
      ...received.slice(1, -1).map(() => "delta"),
      "done",
    ]);
    const text = received
      .filter((event) => event.type === "delta")
      .map((event) => (JSON.parse(event.data) as { text: string }).text)
      .join("");
    expect(text).toBe(TOKENS.join(""));
  });

  it("stop when the client leaves: the server writes nothing more and keeps serving", async () => {
    fake.script({ type: "stream", tokens: TOKENS, firstTokenDelayMs: 1_500 });
    const clients = await Promise.all(Array.from({ length: 10 }, () => postConsultationStream(server.url)));
    await Promise.all(clients.map((client) => client.waitFor("meta")));
    for (const client of clients) client.abort();
    // Several heartbeat intervals after they left: a heartbeat written to a closed stream would
    // have crashed the server ("Controller is already closed").
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.process.exitCode).toBeNull();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(server.output()).not.toMatch(/already closed|Invalid state|uncaught/i);
  });
});
