// Rules for consultation text, shared by the web form, the file picker and the JSON API.

export const NOTES_MAX_CHARACTERS = 100_000;
export const TITLE_MAX_CHARACTERS = 120;

export type NotesProblem =
  | { code: "notes_required"; status: 400; message: string }
  | { code: "notes_too_long"; status: 413; message: string };

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
  const length = countCharacters(notes);
  if (length > NOTES_MAX_CHARACTERS) {
    return {
      code: "notes_too_long",
      status: 413,
      message: `The notes are ${length.toLocaleString("en")} characters; the limit is ${NOTES_MAX_CHARACTERS.toLocaleString("en")}.`,
    };
  }
  return undefined;
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
