// "Check against the notes" for a summary: every item of its text grounded in the consultation's
// notes, computed once per text in a text worker thread and remembered by the hash of both, so a
// page view never repeats it (and never holds the event loop with it).
import { createHash } from "node:crypto";

import { getTextPool } from "../services.server";
import { remember } from "../utils/remember.server";
import { exceedsCheckedLines, MAX_CHECKED_LINES, type SourceCheck } from "./source-check";
import type { ItemGrounding } from "./summary-grounding";

const REMEMBERED = 500;

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

// Keyed by hashes, holding only offsets and flags: no consultation text is kept here.
const checks = remember("sourceChecks", () => new Map<string, ItemGrounding[]>());

export async function checkSummarySource(text: string, notes: string): Promise<SourceCheck> {
  if (exceedsCheckedLines(text)) return { status: "too_long", maxLines: MAX_CHECKED_LINES };
  const key = `${digest(notes)}:${digest(text)}`;
  let items = checks.get(key);
  if (items) {
    checks.delete(key); // most recently used last
  } else {
    try {
      items = await getTextPool().groundSummary(text, notes);
    } catch {
      return { status: "unavailable" };
    }
    if (checks.size >= REMEMBERED) checks.delete(checks.keys().next().value!);
  }
  checks.set(key, items);
  return { status: "checked", items };
}
