import { describe, expect, it } from "vitest";

import {
  attachmentDisposition,
  exportFileName,
  FALLBACK_FILE_STEM,
  MAX_SLUG_CHARACTERS,
} from "./export-filename";

const DAY = new Date("2025-03-14T09:30:12.000Z");

describe("exportFileName", () => {
  it.each([
    ["a plain title", "Cough review", "cough-review-2025-03-14.md", "cough-review-2025-03-14.md"],
    [
      "accents",
      "Überweisung Kardiologie – Müller",
      "uberweisung-kardiologie-muller-2025-03-14.md",
      "überweisung-kardiologie-müller-2025-03-14.md",
    ],
    ["letters that do not decompose", "Straße Ærø", "strasse-aero-2025-03-14.md", "straße-ærø-2025-03-14.md"],
    ["another script only", "咳嗽复诊", `${FALLBACK_FILE_STEM}-2025-03-14.md`, "咳嗽复诊-2025-03-14.md"],
    ["slashes and dots", "../../etc/passwd", "etc-passwd-2025-03-14.md", "etc-passwd-2025-03-14.md"],
    ["back-slashes", "C:\\notes\\visit", "c-notes-visit-2025-03-14.md", "c-notes-visit-2025-03-14.md"],
    [
      "quotes and semicolons",
      `Mr "X"; filename="evil.exe"`,
      "mr-x-filename-evil-exe-2025-03-14.md",
      "mr-x-filename-evil-exe-2025-03-14.md",
    ],
    [
      "line breaks",
      "Cough\r\nContent-Type: text/html",
      "cough-content-type-text-html-2025-03-14.md",
      "cough-content-type-text-html-2025-03-14.md",
    ],
    [
      "a script with combining marks",
      "नमस्ते जी",
      `${FALLBACK_FILE_STEM}-2025-03-14.md`,
      "नमस्ते-जी-2025-03-14.md",
    ],
    ["an emoji", "Follow-up 🙂 visit", "follow-up-visit-2025-03-14.md", "follow-up-visit-2025-03-14.md"],
    ["an empty title", "", `${FALLBACK_FILE_STEM}-2025-03-14.md`, `${FALLBACK_FILE_STEM}-2025-03-14.md`],
    ["no title", null, `${FALLBACK_FILE_STEM}-2025-03-14.md`, `${FALLBACK_FILE_STEM}-2025-03-14.md`],
    [
      "only punctuation",
      " -- // ?? ",
      `${FALLBACK_FILE_STEM}-2025-03-14.md`,
      `${FALLBACK_FILE_STEM}-2025-03-14.md`,
    ],
  ])("names %s", (_case, title, ascii, unicode) => {
    expect(exportFileName(title, DAY, "md")).toEqual({ ascii, unicode });
  });

  it("cuts a very long title at a word break", () => {
    const title = `${"Long title words ".repeat(20)}end`;
    const { ascii, unicode } = exportFileName(title, DAY, "txt");
    const stem = ascii.slice(0, -"-2025-03-14.txt".length);
    expect(stem.length).toBeLessThanOrEqual(MAX_SLUG_CHARACTERS);
    expect(stem).toMatch(/^long-title-words-long(-[a-z]+)*[a-z]$/);
    expect(stem.split("-").every((word) => ["long", "title", "words"].includes(word))).toBe(true);
    expect(unicode).toBe(ascii);
  });

  it("cuts a very long word by characters, not by UTF-16 units", () => {
    const { ascii, unicode } = exportFileName("咳".repeat(200) + "x".repeat(200), DAY, "md");
    expect(Array.from(unicode.slice(0, -"-2025-03-14.md".length))).toHaveLength(MAX_SLUG_CHARACTERS);
    expect(unicode).toMatch(/^咳+-2025-03-14\.md$/);
    expect(ascii).toBe(`${"x".repeat(MAX_SLUG_CHARACTERS)}-2025-03-14.md`);
  });

  it("takes the day in UTC from a Date or an ISO string, and leaves out a date it cannot read", () => {
    expect(exportFileName("A", "2025-12-31T23:59:59.999Z", "fhir.json").ascii).toBe("a-2025-12-31.fhir.json");
    expect(exportFileName("A", "not a date", "md").ascii).toBe("a.md");
  });
});

describe("attachmentDisposition", () => {
  it("sends the ASCII name and the UTF-8 name (RFC 5987)", () => {
    expect(attachmentDisposition(exportFileName("Überweisung (Müller)'s", DAY, "md"))).toBe(
      `attachment; filename="uberweisung-muller-s-2025-03-14.md"; filename*=UTF-8''%C3%BCberweisung-m%C3%BCller-s-2025-03-14.md`,
    );
  });

  it("keeps every header a header can carry: printable ASCII, no quotes inside the quoted name", () => {
    for (const title of [`a"b\\c`, "x\ny", "咳嗽", "é".repeat(500), "'*()"]) {
      const header = attachmentDisposition(exportFileName(title, DAY, "md"));
      expect(header).toMatch(/^attachment; filename="[a-z0-9.-]+"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
      expect(() => new Headers({ "Content-Disposition": header })).not.toThrow();
    }
  });
});
