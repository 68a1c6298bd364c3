import type { ItemGrounding } from "./summary-grounding";

/** The result of checking a summary's items against the consultation notes. */
export type SourceCheck =
  /** One grounding per item, in the order of parseSummaryMarkdown's paragraphs and list items. */
  | { status: "checked"; items: ItemGrounding[] }
  /** Longer than any note a clinician would check line by line: shown as plain text. */
  | { status: "too_long"; maxLines: number }
  /** The check could not run in time (the server is busy, or the text is pathological). */
  | { status: "unavailable" };

/** Summaries longer than this are shown as plain text and not checked item by item. */
export const MAX_CHECKED_LINES = 1_000;

export function exceedsCheckedLines(text: string): boolean {
  let lines = 1;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
    if (++lines > MAX_CHECKED_LINES) return true;
  }
  return false;
}
