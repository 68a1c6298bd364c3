// The shapes a summary can take. A prompt file names its format (front matter `format`); the
// embedded writer arranges the same selected note lines into that shape.

export const NOTE_FORMATS = ["note", "letter", "patient-summary"] as const;

export type NoteFormat = (typeof NOTE_FORMATS)[number];

export const DEFAULT_NOTE_FORMAT: NoteFormat = "note";
