import { describe, expect, it } from "vitest";

import {
  checkNotes,
  checkNotesFile,
  countCharacters,
  extractNotesFromFile,
  NOTES_FILE_MAX_BYTES,
  NOTES_MAX_CHARACTERS,
  readNotesFile,
} from "./notes-input";

const utf8 = (text: string) => new TextEncoder().encode(text);
const PNG_HEADER = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48,
]);
const JPEG_HEADER = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const ZIP_HEADER = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
// "café" saved as Windows-1252: é is the single byte 0xE9, which UTF-8 cannot read.
const LATIN1_CAFE = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
const PDF_START = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
const DIALOGUE = "Doctor: What brings you in?\nPatient: A cough for ten days.";
// A PNG's bytes read as Latin-1, as a client that skipped the UTF-8 check might send them.
const PNG_AS_LATIN1 = String.fromCharCode(...PNG_HEADER);

describe("checkNotes", () => {
  it.each([
    ["a dialogue", DIALOGUE, undefined],
    ["tabs, CRLF line ends and a form feed page break", "Doctor:\tHi\r\nPatient: Hello\f\nPage 2", undefined],
    ["accents and other scripts", "Patiente : fièvre à 38,6 °C, toux. 患者头痛三天. مريض", undefined],
    ["emoji, including joined ones", "Patient: 🤒 since Monday 👩‍⚕️🇬🇧", undefined],
    ["a PDF mentioned inside the text", "Patient: I brought the %PDF- of my results.", undefined],
    ["nothing", "", "notes_required"],
    ["only whitespace", " \n\t", "notes_required"],
    ["a NUL", "Doctor: hi\u0000Patient: hello", "notes_not_text"],
    ["U+FFFD from bytes a decoder could not read", "Doctor: caf\uFFFD", "notes_not_text"],
    ["a lone surrogate", "Patient: \ud83d cough", "notes_not_text"],
    ["an escape character", "Doctor: \u001b[31mred", "notes_not_text"],
    ["a vertical tab", "Doctor: a\u000bb", "notes_not_text"],
    ["DEL", "Doctor: a\u007fb", "notes_not_text"],
    ["a C1 control character", "Doctor: a\u0085b", "notes_not_text"],
    ["a PNG read as Latin-1", PNG_AS_LATIN1, "notes_not_text"],
    ["a PDF", PDF_START, "notes_not_text"],
    ["an RTF document", "{\\rtf1\\ansi Doctor: hi}", "notes_not_text"],
    ["a GIF", "GIF89a", "notes_not_text"],
    ["one character over the limit", "a".repeat(NOTES_MAX_CHARACTERS + 1), "notes_too_long"],
  ])("%s", (_, notes, code) => {
    expect(checkNotes(notes)?.code).toBe(code);
  });

  it("limits the length in characters, counting an emoji as one", () => {
    expect(countCharacters("🩺ab")).toBe(3);
    expect(checkNotes("🩺".repeat(NOTES_MAX_CHARACTERS))).toBeUndefined();
  });

  it("gives a status and says what to do, without quoting the notes", () => {
    expect(checkNotes(`Mrs Zebrafinch\u0000`)).toMatchObject({ status: 422 });
    expect(checkNotes(`Mrs Zebrafinch\u0000`)?.message).toMatch(/plain text.*\.txt file \(UTF-8\)/);
    expect(checkNotes(`Mrs Zebrafinch\u0000`)?.message).not.toContain("Zebrafinch");

    const tooLong = checkNotes("Mrs Zebrafinch ".repeat(7_000))!;
    expect(tooLong).toMatchObject({ code: "notes_too_long", status: 413 });
    expect(tooLong.message).toBe(
      "The notes are 105,000 characters; the limit is 100,000. Trim what the summary does not need, or split the consultation into parts and summarize each part.",
    );
  });
});

describe("readNotesFile", () => {
  const NOT_TEXT = "This file is not plain text. Save the notes as a .txt file (UTF-8) and try again.";

  it.each([
    ["a UTF-8 text file", "visit.txt", utf8(DIALOGUE), DIALOGUE],
    ["accents and emoji", "visit.txt", utf8("Patiente : fièvre 🤒"), "Patiente : fièvre 🤒"],
    ["a UTF-8 file with a byte order mark", "visit.txt", utf8(`\uFEFF${DIALOGUE}`), DIALOGUE],
    ["a JSON file's notes field", "visit.json", utf8(JSON.stringify({ notes: DIALOGUE })), DIALOGUE],
  ])("loads %s", (_, name, bytes, notes) => {
    expect(readNotesFile(name, bytes)).toEqual({ notes });
  });

  it.each([
    ["a PNG renamed .txt", "scan.txt", PNG_HEADER, "notes_not_text", NOT_TEXT],
    ["a JPEG renamed .txt", "photo.txt", JPEG_HEADER, "notes_not_text", NOT_TEXT],
    ["a ZIP renamed .txt", "notes.txt", ZIP_HEADER, "notes_not_text", NOT_TEXT],
    ["a PDF renamed .txt", "letter.txt", utf8(PDF_START), "notes_not_text", NOT_TEXT],
    ["a Windows-1252 file (invalid UTF-8)", "visit.txt", LATIN1_CAFE, "notes_not_text", NOT_TEXT],
    ["UTF-16 text (NUL bytes)", "visit.txt", utf8("D\0o\0c\0:\0 \0h\0i\0"), "notes_not_text", NOT_TEXT],
    [
      "a JSON file whose notes hold a NUL",
      "v.json",
      utf8('{"notes":"hi\\u0000"}'),
      "notes_not_text",
      NOT_TEXT,
    ],
    ["an empty file", "visit.txt", new Uint8Array(), "notes_required", "This file has no text in it."],
    ["a .pdf file", "letter.pdf", utf8(DIALOGUE), "notes_file_unsupported", /Only \.txt and \.json/],
    ["invalid JSON", "visit.json", utf8("{"), "notes_file_invalid_json", "visit.json is not valid JSON."],
    [
      "an over-length file",
      "visit.txt",
      utf8("a".repeat(NOTES_MAX_CHARACTERS + 1)),
      "notes_too_long",
      "This file has more than 100,000 characters, the limit. Trim it, or split the consultation into parts and load each part.",
    ],
  ])("refuses %s", (_, name, bytes, code, message) => {
    const result = readNotesFile(name, bytes);
    expect("problem" in result && result.problem.code).toBe(code);
    expect("problem" in result && result.problem.message).toMatch(message);
  });

  it("refuses a file too large to be within the limit before it is read", () => {
    expect(checkNotesFile("visit.txt", NOTES_FILE_MAX_BYTES)).toBeUndefined();
    expect(checkNotesFile("visit.txt", NOTES_FILE_MAX_BYTES + 1)?.code).toBe("notes_too_long");
  });
});

describe("extractNotesFromFile", () => {
  it("takes a text file as is", () => {
    expect(extractNotesFromFile("visit.TXT", "Doctor: hi")).toBe("Doctor: hi");
  });

  it("takes a JSON string or a notes/dialogue/transcript/text field", () => {
    expect(extractNotesFromFile("a.json", '"Doctor: hi"')).toBe("Doctor: hi");
    expect(extractNotesFromFile("a.json", '{"dialogue": "Doctor: hi"}')).toBe("Doctor: hi");
    expect(extractNotesFromFile("a.json", '{"id": 1, "notes": "n"}')).toBe("n");
  });

  it("explains what is wrong with a JSON file", () => {
    expect(() => extractNotesFromFile("a.json", "{")).toThrow("a.json is not valid JSON.");
    expect(() => extractNotesFromFile("a.json", '{"body": 1}')).toThrow(/no "notes"/);
  });
});
