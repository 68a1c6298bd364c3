// Rules for consultation text, shared by the web form, the file picker, the form action and the
// JSON API. Messages say what is wrong and what to do, and never quote the notes (they are PHI).

import { decodeUtf8 } from "../utils/utf8";

export const NOTES_MAX_CHARACTERS = 100_000;
export const TITLE_MAX_CHARACTERS = 120;
/** A file larger than this cannot be within the character limit (a code point is at most 4 bytes). */
export const NOTES_FILE_MAX_BYTES = NOTES_MAX_CHARACTERS * 4;

export type NotesProblem =
  | { code: "notes_required"; status: 400; message: string }
  | { code: "notes_not_text"; status: 422; message: string }
  | { code: "notes_too_long"; status: 413; message: string };

/** Why a file was not loaded: the problem its text would have, or a file the picker cannot read. */
export interface NotesFileProblem {
  code: NotesProblem["code"] | "notes_file_unsupported" | "notes_file_invalid_json";
  message: string;
}

const LIMIT = NOTES_MAX_CHARACTERS.toLocaleString("en");
const FILE_NOT_TEXT = "This file is not plain text. Save the notes as a .txt file (UTF-8) and try again.";

// Control characters other than tab, line feed, form feed (a page break in exported text) and
// carriage return; U+FFFD, which stands for bytes a decoder could not read; lone surrogates,
// which no UTF-8 can encode.
const NON_TEXT_CHARACTER = /(?![\t\n\f\r])\p{Cc}|\uFFFD|\p{Cs}/u;

// Formats whose first bytes are printable, so only their signature tells them from text; PNG, ZIP,
// JPEG and most other binary formats are already caught by control characters or invalid UTF-8.
const BINARY_SIGNATURES = ["%PDF-", "%!PS", "{\\rtf", "GIF87a", "GIF89a"];

/** Whether this is plain text: no NUL or other control characters, nothing undecodable, no binary file's signature. */
export function isPlainText(text: string): boolean {
  return !NON_TEXT_CHARACTER.test(text) && !BINARY_SIGNATURES.some((signature) => text.startsWith(signature));
}

/** Counts user-perceived characters the way the limit is documented (code points, not UTF-16 units). */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function checkNotes(notes: string): NotesProblem | undefined {
  if (!notes.trim()) {
    return { code: "notes_required", status: 400, message: "Paste the consultation notes or transcript." };
  }
  if (!isPlainText(notes)) {
    return {
      code: "notes_not_text",
      status: 422,
      message:
        "The notes are not plain text: they contain control characters (such as NUL) or characters that could not be read. Paste the notes as plain text, or save them as a .txt file (UTF-8) and load it.",
    };
  }
  const length = countCharacters(notes);
  if (length > NOTES_MAX_CHARACTERS) {
    return {
      code: "notes_too_long",
      status: 413,
      message: `The notes are ${length.toLocaleString("en")} characters; the limit is ${LIMIT}. Trim what the summary does not need, or split the consultation into parts and summarize each part.`,
    };
  }
  return undefined;
}

/** Refuses a file by its name and size alone, before it is read. */
export function checkNotesFile(fileName: string, size: number): NotesFileProblem | undefined {
  if (!/\.(txt|json)$/i.test(fileName)) {
    return {
      code: "notes_file_unsupported",
      message:
        "Only .txt and .json files can be loaded. Save the notes as a .txt file (UTF-8) and try again.",
    };
  }
  if (size > NOTES_FILE_MAX_BYTES) return fileTooLong();
  return undefined;
}

function fileTooLong(): NotesFileProblem {
  return {
    code: "notes_too_long",
    message: `This file has more than ${LIMIT} characters, the limit. Trim it, or split the consultation into parts and load each part.`,
  };
}

/** The consultation text of a loaded file, or why the file is refused (its text is then not used). */
export function readNotesFile(
  fileName: string,
  bytes: Uint8Array,
): { notes: string } | { problem: NotesFileProblem } {
  const refused = checkNotesFile(fileName, bytes.byteLength);
  if (refused) return { problem: refused };
  const content = decodeUtf8(bytes);
  if (content === undefined) return { problem: { code: "notes_not_text", message: FILE_NOT_TEXT } };
  let notes;
  try {
    notes = extractNotesFromFile(fileName, content);
  } catch (error) {
    return { problem: { code: "notes_file_invalid_json", message: (error as Error).message } };
  }
  const problem = checkNotes(notes);
  if (!problem) return { notes };
  if (problem.code === "notes_required") {
    return { problem: { code: problem.code, message: "This file has no text in it." } };
  }
  if (problem.code === "notes_not_text") return { problem: { code: problem.code, message: FILE_NOT_TEXT } };
  return { problem: fileTooLong() };
}

/**
 * Gets consultation text out of an uploaded file: a .txt file as is, or a .json file holding a
 * string or an object with `notes`, `dialogue`, `transcript` or `text`.
 */
export function extractNotesFromFile(fileName: string, content: string): string {
  if (!/\.json$/i.test(fileName)) return content;
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    throw new Error(`${fileName} is not valid JSON.`);
  }
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    for (const field of ["notes", "dialogue", "transcript", "text"]) {
      const candidate = (value as Record<string, unknown>)[field];
      if (typeof candidate === "string") return candidate;
    }
  }
  throw new Error(`${fileName} has no "notes", "dialogue", "transcript" or "text" string field.`);
}
