// Which prompt a regenerated summary is written with: the note type the clinician chose, else the
// type of the consultation's latest summary (the clinical note when it has none), by the same rule
// as a new summary (prompt-choice.server.ts): drafts for admins only.
import type { CurrentUser } from "../auth/auth.server";
import { listSummaries } from "../models/summary.server";
import type { Store } from "../db/store.server";
import { ApiErrorResponse } from "../utils/api-errors.server";
import type { PromptFile } from "@consult-summary/core/prompts";
import { noteTypeOf } from "./note-types";
import { choosePromptOfType, type NoteTypeCatalogs } from "./prompt-choice.server";

/** The prompt to write with, or the refusal (422 `unknown_note_type`, 403 `note_type_not_available`). */
export async function regeneratedPrompt(
  store: Store,
  user: CurrentUser,
  catalogs: NoteTypeCatalogs,
  consultationId: string,
  form: FormData,
): Promise<PromptFile | { status: number; code: string; message: string }> {
  const requested = String(form.get("noteType") ?? "");
  const noteType =
    requested || noteTypeOf((await listSummaries(store, consultationId))[0]?.promptId ?? "")?.id;
  try {
    return choosePromptOfType(user, { noteType }, catalogs);
  } catch (error) {
    if (!(error instanceof ApiErrorResponse)) throw error;
    return { status: error.status, code: error.code, message: error.message };
  }
}
