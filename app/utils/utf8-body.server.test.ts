import { describe, expect, it } from "vitest";

import { isUtf8FormBody } from "./utf8-body.server";

const FORM = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data; boundary=x";
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));

describe("isUtf8FormBody", () => {
  it.each([
    ["a plain form", FORM, bytes("csrf=t&notes=Patient%3A+cough"), true],
    [
      "accents and emoji, percent-encoded",
      FORM,
      bytes(new URLSearchParams({ notes: "fièvre 🤒" }).toString()),
      true,
    ],
    ["a % that escapes nothing", FORM, bytes("notes=100%+sure%zz%"), true],
    ["a NUL (UTF-8, refused later as not text)", FORM, bytes("notes=a%00b"), true],
    ["a PNG's bytes, percent-encoded", FORM, bytes("notes=%89PNG%0D%0A%1A%0A%00%00"), false],
    ["Windows-1252 é, percent-encoded", FORM, bytes("notes=caf%E9"), false],
    ["a UTF-8 sequence cut by a separator", FORM, bytes("a=%E2%82&b=%AC"), false],
    ["raw invalid bytes", FORM, bytes("notes=caf", [0xe9]), false],
    [
      "a multipart text field",
      MULTIPART,
      bytes('--x\r\nContent-Disposition: form-data; name="notes"\r\n\r\nfièvre\r\n--x--'),
      true,
    ],
    [
      "a multipart field holding a PNG",
      MULTIPART,
      bytes("--x\r\n\r\n", [0x89, 0x50, 0x4e, 0x47], "\r\n--x--"),
      false,
    ],
    // Multipart bodies are not percent-decoded: %E9 there is three characters of text.
    ["a multipart field with %E9 in its text", MULTIPART, bytes("--x\r\n\r\ncaf%E9\r\n--x--"), true],
  ])("%s", (_, contentType, body, expected) => {
    expect(isUtf8FormBody(contentType, body)).toBe(expected);
  });
});
