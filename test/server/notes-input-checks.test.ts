// Issue #17: notes are checked where they enter. Bytes that are not UTF-8 text, binary files and
// over-length notes are refused by the JSON API and the form action alike, with a code and a
// message that says what to do, and a refused consultation is never stored or listed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startAppServer, type AppServer } from "../support/app-server";
import { queryServerDatabase } from "../support/server-database";
import { openSse } from "../support/sse";
import { WebSession } from "../support/web-session";

let server: AppServer;
// Consultations this file created on purpose; every other one would be a refusal that was stored.
let accepted = 0;

beforeAll(async () => {
  server = await startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
});

afterAll(async () => {
  await server?.stop();
});

// A name that must never reach the database, the list, an error or a log line.
const MARKER = "Zebrafinch";
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const PDF = `%PDF-1.7\n% ${MARKER}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n`;
const bytes = (...parts: Array<string | Uint8Array>): Uint8Array<ArrayBuffer> =>
  new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : part))));

interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
}

async function errorOf(response: Response): Promise<ErrorAnswer> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const { error } = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: error.code, message: error.message };
}

const postJson = (body: Uint8Array<ArrayBuffer>) =>
  fetch(`${server.url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });

async function storedConsultations(): Promise<number> {
  const [row] = await queryServerDatabase<{ n: number | string }>(
    server,
    "select count(*) as n from consultations",
  );
  return Number(row!.n);
}

const NOT_UTF8 = { status: 400, code: "body_not_utf8", message: expect.stringMatching(/UTF-8/) };
const NOT_TEXT = {
  status: 422,
  code: "notes_not_text",
  message: expect.stringMatching(/not plain text.*\.txt file \(UTF-8\)/),
};
const TOO_LONG = {
  status: 413,
  code: "notes_too_long",
  message:
    "The notes are 100,010 characters; the limit is 100,000. Trim what the summary does not need, or split the consultation into parts and summarize each part.",
};
const OVER_LENGTH_NOTES = `Patient: ${MARKER}.`.repeat(5_000) + "x".repeat(10);

describe("POST /api/consultation refuses notes that are not text", () => {
  it.each<[string, Uint8Array<ArrayBuffer>, object]>([
    ["a PNG file as the body", PNG, NOT_UTF8],
    [
      "invalid UTF-8 inside the notes string",
      bytes(`{"notes":"Patient: ${MARKER} caf`, Buffer.from([0xe9]), '"}'),
      NOT_UTF8,
    ],
    ["a PNG's bytes read as Latin-1", bytes(JSON.stringify({ notes: PNG.toString("latin1") })), NOT_TEXT],
    ["a NUL", bytes(JSON.stringify({ notes: `Patient: ${MARKER}\u0000` })), NOT_TEXT],
    ["replacement characters", bytes(JSON.stringify({ notes: `Patient: ${MARKER} caf\uFFFD` })), NOT_TEXT],
    ["a lone surrogate escaped in JSON", bytes(`{"notes":"Patient: ${MARKER} \\ud83d"}`), NOT_TEXT],
    ["a PDF's text", bytes(JSON.stringify({ notes: PDF })), NOT_TEXT],
    ["notes over the limit", bytes(JSON.stringify({ notes: OVER_LENGTH_NOTES })), TOO_LONG],
  ])("%s", async (_, body, expected) => {
    expect(await errorOf(await postJson(body))).toEqual(expected);
  });

  it("still takes UTF-8 notes with accents and emoji", async () => {
    const stream = await openSse(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({
        notes: "Médecin : Qu'est-ce qui vous amène ?\nPatiente : Une toux 🤒 depuis dix jours.",
      }),
    });
    await stream.finished;
    expect(stream.status).toBe(200);
    expect(stream.events.at(-1)?.event).toBe("done");
    accepted++;
  });
});

describe("the new-consultation form action refuses notes that are not text", () => {
  const percentEncoded = (buffer: Uint8Array) =>
    [...buffer].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");

  async function postRawForm(body: Uint8Array, contentType = "application/x-www-form-urlencoded") {
    const session = new WebSession(server.url);
    const { headers, csrf } = await session.formCredentials();
    const withToken = contentType.startsWith("multipart")
      ? bytes(`--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`, body)
      : bytes(`csrf=${encodeURIComponent(csrf)}&`, body);
    return fetch(`${server.url}/?index&_data=routes%2F_index`, {
      method: "POST",
      headers: { ...headers, "content-type": contentType },
      body: withToken,
    });
  }

  it.each<[string, Uint8Array<ArrayBuffer>, string | undefined]>([
    ["a PNG's bytes, percent-encoded", bytes(`title=${MARKER}&notes=${percentEncoded(PNG)}`), undefined],
    ["raw invalid UTF-8", bytes(`title=${MARKER}&notes=caf`, Buffer.from([0xe9])), undefined],
    [
      "a PNG in a multipart field",
      bytes(
        `--x\r\nContent-Disposition: form-data; name="title"\r\n\r\n${MARKER}\r\n--x\r\nContent-Disposition: form-data; name="notes"\r\n\r\n`,
        PNG,
        "\r\n--x--\r\n",
      ),
      "multipart/form-data; boundary=x",
    ],
  ])("answers %s with 400 body_not_utf8", async (_, body, contentType) => {
    expect(await errorOf(await postRawForm(body, contentType))).toEqual(NOT_UTF8);
  });

  it.each<[string, string, object]>([
    ["a NUL", `Patient: ${MARKER}\u0000`, NOT_TEXT],
    ["a PNG's bytes read as Latin-1", PNG.toString("latin1"), NOT_TEXT],
    ["a PDF's text", PDF, NOT_TEXT],
    ["notes over the limit", OVER_LENGTH_NOTES, TOO_LONG],
  ])("answers %s with the same error as the API", async (_, notes, expected) => {
    const session = new WebSession(server.url);
    const response = await session.postForm("/?index&_data=routes%2F_index", { title: MARKER, notes });
    const { error } = (await response.json()) as { error: ErrorAnswer };
    expect({ status: response.status, code: error.code, message: error.message }).toEqual(expected);
    expect(error.status).toBe(response.status);
  });

  it("shows the refusal on the page when the form posts without script", async () => {
    const session = new WebSession(server.url);
    const response = await session.postForm("/?index", { title: MARKER, notes: PDF });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("The notes are not plain text");
    expect(html).not.toContain(MARKER);
  });
});

describe("after every refusal", () => {
  it("nothing was stored or listed, and no log line quotes the notes", async () => {
    expect(await storedConsultations()).toBe(accepted);
    const list = await (await fetch(server.url)).text();
    expect(list).not.toContain(MARKER);
    expect(server.output()).not.toContain(MARKER);
  });
});
