// The review queue's address. The clinical note's prompt id is the default and is left out, so the
// queue links made before note types existed keep working.
import { DEFAULT_NOTE_TYPE } from "~/summaries/note-types";

export function queueHref(
  promptId: string,
  version: string,
  options: { blind?: string | null; revealed?: string | null } = {},
): string {
  const params = new URLSearchParams();
  if (promptId !== DEFAULT_NOTE_TYPE.promptId) params.set("promptId", promptId);
  params.set("version", version);
  if (options.blind) params.set("blind", options.blind);
  if (options.revealed) params.set("revealed", options.revealed);
  return `/review/queue?${params}`;
}
