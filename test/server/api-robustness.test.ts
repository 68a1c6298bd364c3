// Bounded fuzzing of the public API and many writers at once: no 5xx, no crash, nothing lost.
import { connect } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { mulberry32 } from "@consult-summary/eval/compare";
import { startAppServer, type AppServer } from "../support/app-server";
import { queryServerDatabase } from "../support/server-database";
import { openSse } from "../support/sse";

let server: AppServer;

beforeAll(async () => {
  // One local user opens all 500 streams below: the per-user stream cap is tested elsewhere.
  server = await startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0", STREAMS_PER_USER: "1000" } });
});

afterAll(async () => {
  await server?.stop();
});

const VALID = JSON.stringify({ notes: "Doctor: How are you?\nPatient: I have had a cough for two days." });
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/JSON",
];
const VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  "",
  " ",
  "\u0000",
  "a".repeat(5000),
  [],
  {},
  [VALID],
  { notes: "x" },
];

/** One malformed (or occasionally valid) request body, derived from the seed. */
function fuzzBody(random: () => number): Uint8Array<ArrayBuffer> {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  switch (Math.floor(random() * 7)) {
    case 0: // random bytes, including invalid UTF-8
      return Uint8Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256));
    case 1: // the valid body, truncated
      return new TextEncoder().encode(VALID.slice(0, Math.floor(random() * VALID.length)));
    case 2: {
      // the valid body with one byte changed
      const bytes = new TextEncoder().encode(VALID);
      bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      return bytes;
    }
    case 3: // wrong types in the right shape
      return new TextEncoder().encode(JSON.stringify({ notes: pick(VALUES), promptVersion: pick(VALUES) }));
    case 4: // deep nesting
      return new TextEncoder().encode(`${"[".repeat(2000)}${"]".repeat(Math.floor(random() * 2000))}`);
    case 5: // unexpected fields and huge numbers
      return new TextEncoder().encode(
        JSON.stringify({ notes: "Patient: cough.", extra: pick(VALUES), promptVersion: "v1" }),
      );
    default:
      return new TextEncoder().encode(JSON.stringify(pick(VALUES)));
  }
}

/** Sends raw bytes on a socket and returns the status line (or "closed"). */
function rawRequest(payload: string): Promise<string> {
  const { port, hostname } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("error", () => resolve(received.split("\r\n")[0] || "closed"));
    socket.on("close", () => resolve(received.split("\r\n")[0] || "closed"));
    socket.write(payload);
    setTimeout(() => socket.end(), 300);
  });
}

describe("POST /api/consultation under fuzzing", () => {
  it("answers 3,000 malformed requests without a single 5xx and stays healthy", async () => {
    const random = mulberry32(20261124);
    const statuses = new Map<number, number>();
    const ITERATIONS = 3000;
    const CONCURRENCY = 16;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ITERATIONS) {
          next++;
          const contentType = CONTENT_TYPES[Math.floor(random() * CONTENT_TYPES.length)]!;
          const response = await fetch(`${server.url}/api/consultation`, {
            method: "POST",
            headers: contentType ? { "content-type": contentType } : {},
            body: fuzzBody(random),
          });
          await response.body?.cancel();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const serverErrors = [...statuses].filter(([status]) => status >= 500);
    expect(serverErrors).toEqual([]);
    expect([...statuses.keys()].every((status) => [200, 400, 413, 415, 422].includes(status))).toBe(true);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("survives truncated bodies, lying lengths and huge headers on raw sockets", async () => {
    const head = (extra: string) =>
      `POST /api/consultation HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${extra}\r\n`;
    const results = await Promise.all([
      rawRequest(`${head("Content-Length: 500\r\n")}{"notes": "Patient: co`),
      rawRequest(`${head("Transfer-Encoding: chunked\r\n")}5\r\n{"not\r\nZZ\r\n`),
      rawRequest(`${head(`X-Big: ${"a".repeat(64 * 1024)}\r\nContent-Length: 2\r\n`)}{}`),
      rawRequest("GARBAGE / HTTP/9.9\r\n\r\n"),
    ]);
    for (const statusLine of results) expect(statusLine).not.toMatch(/ 5\d\d /);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe("page actions sent a body no form sends", () => {
  const ACTIONS = [
    "/?index",
    "/?index&_data=routes%2F_index",
    "/consultations/00000000-0000-4000-8000-000000000000",
    "/review/queue?version=v1",
  ];
  const BODIES: Array<{ contentType?: string; body: string; status: number; code: string }> = [
    { contentType: "application/json", body: VALID, status: 415, code: "unsupported_media_type" },
    { contentType: "text/plain", body: "notes=Patient: cough.", status: 415, code: "unsupported_media_type" },
    { contentType: "application/xml", body: "<notes/>", status: 415, code: "unsupported_media_type" },
    { body: "\u0000garbage\uffff", status: 415, code: "unsupported_media_type" },
    {
      contentType: "multipart/form-data; boundary=x",
      body: "--x\r\nnot a part at all",
      status: 400,
      code: "invalid_form",
    },
    { contentType: "multipart/form-data", body: "no boundary", status: 400, code: "invalid_form" },
  ];

  it("answers 415 or 400 JSON, never a 500, and writes nothing to stderr", async () => {
    let stderr = "";
    const collect = (chunk: Buffer) => (stderr += chunk.toString());
    server.process.stderr!.on("data", collect);
    try {
      for (const path of ACTIONS) {
        for (const { contentType, body, status, code } of BODIES) {
          const response = await fetch(`${server.url}${path}`, {
            method: "POST",
            // fetch labels a string body text/plain unless told otherwise; a Blob without a type has none.
            headers: contentType ? { "content-type": contentType } : {},
            body: contentType ? body : new Blob([body]),
          });
          const label = `${path} ${contentType ?? "(no content type)"}`;
          expect(response.status, label).toBe(status);
          expect(response.headers.get("content-type"), label).toMatch(/^application\/json/);
          expect(response.headers.get("cache-control"), label).toBe("no-store");
          const answer = (await response.json()) as { error: { code: string; message: string } };
          expect(answer.error.code, label).toBe(code);
          expect(answer.error.message.length, label).toBeGreaterThan(10);
        }
      }
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      server.process.stderr!.off("data", collect);
    }
    expect(stderr).toBe("");
    expect(server.output()).not.toMatch(/unhandled route error|"status":5\d\d/);
  });
});

describe("many writers at once", () => {
  it("serves 500 concurrent summaries with no database-busy errors and stores every one", async () => {
    const streams = await Promise.all(
      Array.from({ length: 500 }, (_, index) =>
        openSse(`${server.url}/api/consultation`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ notes: `Patient: I have had a cough for ${index + 1} days.` }),
        }),
      ),
    );
    await Promise.all(streams.map((stream) => stream.finished));
    expect(streams.map((stream) => stream.status)).toEqual(Array(500).fill(200));
    const last = streams.map((stream) => stream.events.at(-1)?.event);
    expect(last.filter((event) => event !== "done")).toEqual([]);
    expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked/);
    const [stored] = await queryServerDatabase<{ n: number | string }>(
      server,
      "select count(*) as n from consultations c join summaries s on s.consultation_id = c.id where c.notes like 'Patient: I have had a cough for % days.' and s.status = 'complete'",
    );
    expect(Number(stored!.n)).toBe(500);
  });
});
