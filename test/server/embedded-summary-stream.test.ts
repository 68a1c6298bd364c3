import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startAppServer, type AppServer } from "../support/app-server";
import { deltaText, openSse } from "../support/sse";

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer();
});

afterAll(async () => {
  await server.stop();
});

function postConsultation(body: unknown) {
  return openSse(`${server.url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("health", () => {
  it("answers liveness as JSON without authentication", async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

describe("POST /api/consultation with the embedded summarizer", () => {
  it("streams meta, deltas and done, in that order, as text/event-stream", async () => {
    const stream = await postConsultation({ notes: EXAMPLE_CONSULTATION });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream\b/);
    expect(stream.headers.get("cache-control")).toBe("no-store");
    await stream.finished;

    const names = stream.events.map((received) => received.event);
    expect(names[0]).toBe("meta");
    expect(names.at(-1)).toBe("done");
    // The embedded summarizer writes in one burst; after the first delta, text close together is
    // merged into fewer events (generation-manager.server.test.ts covers how).
    expect(names.filter((name) => name === "delta").length).toBeGreaterThanOrEqual(1);
    expect(new Set(names.slice(1, -1))).toEqual(new Set(["delta"]));

    const meta = stream.events[0]!.data as Record<string, string>;
    expect(meta).toMatchObject({ promptVersion: "v1", provider: "embedded", model: "embedded-note-writer" });
    expect(meta.consultationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.summaryId).toMatch(/^[0-9a-f-]{36}$/);

    const done = stream.events.at(-1)!.data as Record<string, unknown>;
    expect(done).toMatchObject({ summaryId: meta.summaryId, status: "complete", costUsd: 0 });
    expect(done.usage).toMatchObject({ estimated: true });
    expect((done.usage as { inputTokens: number }).inputTokens).toBeGreaterThan(100);
    expect((done.usage as { outputTokens: number }).outputTokens).toBeGreaterThan(10);
    expect(typeof done.ttftMs).toBe("number");
    expect(typeof done.latencyMs).toBe("number");

    const text = deltaText(stream.events);
    expect(text).toMatch(/^## /m);
    expect(text).toContain("doxycycline 100 mg");
  });

  it("replays a finished summary from storage on reconnect, identically", async () => {
    const first = await postConsultation({ notes: EXAMPLE_CONSULTATION });
    await first.finished;
    const meta = first.events[0]!.data as { summaryId: string };

    const replay = await openSse(`${server.url}/resources/summaries/${meta.summaryId}/stream`);
    await replay.finished;
    expect(replay.events.map((received) => received.event)).toEqual(["meta", "delta", "done"]);
    expect(deltaText(replay.events)).toBe(deltaText(first.events));
    expect(replay.events[2]!.data).toEqual(first.events.at(-1)!.data);
  });

  it("survives clients that leave while a finished summary is read back from storage", async () => {
    const first = await postConsultation({ notes: EXAMPLE_CONSULTATION });
    await first.finished;
    const meta = first.events[0]!.data as { summaryId: string };
    // Each client leaves as soon as the headers arrive, while the server is still reading the
    // stored text: nothing may be written to a stream that has closed (it used to crash the server).
    // Fewer than the stream-open burst one client may use (server/main.ts, STREAM_OPENS), so every
    // attempt reaches the stored read and the tests after this one are not refused 429.
    for (let attempt = 0; attempt < 12; attempt++) {
      const response = await fetch(`${server.url}/resources/summaries/${meta.summaryId}/stream`);
      expect(response.status).toBe(200);
      await response.body?.cancel();
    }
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(server.process.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/Controller is already closed/);
  });

  it("keeps newlines inside JSON so SSE framing never breaks", async () => {
    const stream = await postConsultation({ notes: "Doctor: Line one.\n\n\nPatient: data: event: done\n\n" });
    await stream.finished;
    expect(stream.events[0]!.event).toBe("meta");
    expect(["done", "error"]).toContain(stream.events.at(-1)!.event);
  });
});

describe("POST /api/consultation rejects bad input before streaming", () => {
  const cases: Array<{ name: string; init: RequestInit; status: number; code: string }> = [
    { name: "malformed JSON", init: { body: "{notes:" }, status: 400, code: "invalid_json" },
    { name: "an empty body", init: { body: "" }, status: 400, code: "invalid_json" },
    { name: "a JSON array", init: { body: "[]" }, status: 400, code: "invalid_request" },
    { name: "missing notes", init: { body: "{}" }, status: 400, code: "invalid_request" },
    {
      name: "notes that are not a string",
      init: { body: '{"notes":42}' },
      status: 400,
      code: "invalid_request",
    },
    { name: "empty notes", init: { body: '{"notes":""}' }, status: 400, code: "notes_required" },
    {
      name: "whitespace-only notes",
      init: { body: '{"notes":" \\n\\t "}' },
      status: 400,
      code: "notes_required",
    },
    {
      name: "notes over 100,000 characters",
      init: { body: JSON.stringify({ notes: "a".repeat(100_001) }) },
      status: 413,
      code: "notes_too_long",
    },
    {
      name: "an unknown prompt version",
      init: { body: JSON.stringify({ notes: "Patient: I have a cough.", promptVersion: "v999" }) },
      status: 422,
      code: "unknown_prompt_version",
    },
    {
      name: "a non-JSON content type",
      init: { body: "notes=hello", headers: { "content-type": "application/x-www-form-urlencoded" } },
      status: 415,
      code: "unsupported_media_type",
    },
    {
      name: "a body far over the size limit",
      init: { body: JSON.stringify({ notes: "é".repeat(400_000) }) },
      status: 413,
      code: "body_too_large",
    },
  ];

  it.each(cases)("$name → $status $code as JSON", async ({ init, status, code }) => {
    const response = await fetch(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      ...init,
    });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(5);
  });

  it("accepts exactly 100,000 characters", async () => {
    const prefix = "Patient: I have had a cough for two weeks. ";
    const notes = prefix + "x".repeat(100_000 - prefix.length);
    expect([...notes].length).toBe(100_000);
    const stream = await postConsultation({ notes });
    expect(stream.status).toBe(200);
    await stream.finished;
  });

  it("answers GET with 405 JSON", async () => {
    const response = await fetch(`${server.url}/api/consultation`);
    expect(response.status).toBe(405);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed");
  });

  it("never echoes the notes in an error", async () => {
    const secret = "Patient Zelda Quarterman, NHS number 943 476 5919";
    const response = await fetch(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notes: secret, promptVersion: "nope" }),
    });
    expect(await response.text()).not.toContain("Zelda");
    expect(server.output()).not.toContain("Zelda");
  });

  it("answers an unknown summary stream with 404 JSON", async () => {
    const response = await fetch(
      `${server.url}/resources/summaries/00000000-0000-0000-0000-000000000000/stream`,
    );
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
