// Note types: the formats a summary can take (clinical note, referral letter, after-visit
// summary), the embedded writer's arrangement of its selected lines in each, and a writer that
// honours a request's format.
export { DEFAULT_NOTE_FORMAT, NOTE_FORMATS, type NoteFormat } from "./note-format";
export { writeNote } from "./write-note";
export { PLAIN_GLOSSARY, toPlainLanguage } from "./plain-language";
export { PATIENT_SUMMARY_TITLES } from "./patient-summary";
export { LETTER_CLOSING, LETTER_GREETING, LETTER_PHRASES } from "./referral-letter";
export {
  createNoteWriter,
  type NoteFormatWork,
  type NoteRequest,
  type NoteWriter,
  type NoteWriterSettings,
} from "./note-writer";
