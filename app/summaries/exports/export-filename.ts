// Download names from the consultation's own label and date: "cough-review-2025-03-14.md".
// The title is the clinician's label, already on their page; it goes in the header, never in a log.
import { toDate } from "./export-meta";

export const FALLBACK_FILE_STEM = "consultation-summary";
/** Characters of the title kept in a name (the date and extension come on top). */
export const MAX_SLUG_CHARACTERS = 60;

/** Runs of anything but letters and digits become one "-"; cut at a word break when too long. */
function slugOf(words: string): string {
  const slug = words
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, ""); // One "-" at most at either end after the collapse above.
  const characters = Array.from(slug);
  if (characters.length <= MAX_SLUG_CHARACTERS) return slug;
  const cut = characters.slice(0, MAX_SLUG_CHARACTERS).join("");
  const lastBreak = cut.lastIndexOf("-");
  return (lastBreak > MAX_SLUG_CHARACTERS / 2 ? cut.slice(0, lastBreak) : cut).replace(/-$/, "");
}

// Latin letters that do not decompose into a base letter and an accent.
const LATIN_LETTERS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", þ: "th" };

/** Letters with their accents taken off ("Überweisung" → "Uberweisung"); other scripts break words. */
function asciiLetters(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ßæœøłđþ]/g, (letter) => LATIN_LETTERS[letter]!)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x21-\x7e]/g, " ");
}

/** "2025-03-14" in UTC, the same on the server whichever its time zone; none for a bad date. */
function dayOf(value: Date | string): string | undefined {
  return toDate(value)?.toISOString().slice(0, 10);
}

export interface ExportFileName {
  /** Letters a-z, digits, "-" and "."; for the `filename` parameter every client reads. */
  ascii: string;
  /** The same name keeping the title's own letters (é, ü, 咳), for `filename*`. */
  unicode: string;
}

/** "<slugified title>-<YYYY-MM-DD>.<extension>", "consultation-summary-…" when the title has no letters. */
export function exportFileName(
  title: string | null | undefined,
  createdAt: Date | string,
  extension: string,
): ExportFileName {
  const words = (title ?? "").normalize("NFC");
  const day = dayOf(createdAt);
  const name = (slug: string) =>
    `${[slug || FALLBACK_FILE_STEM, day].filter(Boolean).join("-")}.${extension}`;
  return { ascii: name(slugOf(asciiLetters(words))), unicode: name(slugOf(words)) };
}

/** RFC 5987 ext-value: UTF-8, percent-encoding everything outside attr-char. */
function encodeExtValue(value: string): string {
  return `UTF-8''${encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  )}`;
}

/** An attachment header with the ASCII `filename` and the UTF-8 `filename*` (RFC 6266). */
export function attachmentDisposition({ ascii, unicode }: ExportFileName): string {
  return `attachment; filename="${ascii}"; filename*=${encodeExtValue(unicode)}`;
}
