// Which note type a regenerated summary is written as: the one the clinician chose, else the type
// of the consultation's latest summary (the clinical note when it has none).
import { listSummaries } from "../models/summary.server";
import type { Store } from "../db/store.server";
import { ApiErrorResponse } from "../utils/api-errors.server";
import { chooseNoteType } from "./prompt-choice.server";

/** The prompt id to write with, or the refusal of an unknown note type (422 `unknown_note_type`). */
export async function regeneratedPromptId(
  store: Store,
  consultationId: string,
  form: FormData,
): Promise<string | { status: number; code: string; message: string }> {
  const requested = String(form.get("noteType") ?? "");
  try {
    if (requested) return chooseNoteType(requested).promptId;
  } catch (error) {
    if (!(error instanceof ApiErrorResponse)) throw error;
    return { status: error.status, code: error.code, message: error.message };
  }
  const [latest] = await listSummaries(store, consultationId);
  return latest?.promptId ?? chooseNoteType(undefined).promptId;
}
