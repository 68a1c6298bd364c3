// "Check against the notes" for a summary: every item of its text grounded in the consultation's
// notes, computed once per text in a text worker thread and remembered by the hash of both, so a
// page view never repeats it (and never holds the event loop with it).
import { createHash } from "node:crypto";

import { exceedsCheckedLines, MAX_CHECKED_LINES, type SourceCheck } from "./source-check";
import type { ItemGrounding } from "./summary-grounding";
import type { TextPool } from "../workers/text-pool.server";
import type { NoteFormat } from "@consult-summary/core/note-formats";

const REMEMBERED = 500;

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

/** The checks of the last REMEMBERED texts (least recently used dropped first). */
export class SourceChecks {
  // Keyed by hashes, holding only offsets and flags: no consultation text is kept here.
  private readonly checks = new Map<string, ItemGrounding[]>();

  constructor(private readonly textPool: Pick<TextPool, "groundSummary">) {}

  /** `format`: the summary's note format (an after-visit summary speaks to the patient by design). */
  async check(text: string, notes: string, format: NoteFormat = "note"): Promise<SourceCheck> {
    if (exceedsCheckedLines(text)) return { status: "too_long", maxLines: MAX_CHECKED_LINES };
    const { checks } = this;
    const key = `${format}:${digest(notes)}:${digest(text)}`;
    let items = checks.get(key);
    if (items) {
      checks.delete(key); // most recently used last
    } else {
      try {
        items = await this.textPool.groundSummary(text, notes, format);
      } catch {
        return { status: "unavailable" };
      }
      if (checks.size >= REMEMBERED) checks.delete(checks.keys().next().value!);
    }
    checks.set(key, items);
    return { status: "checked", items };
  }
}
