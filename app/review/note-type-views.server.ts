// The workbench covers every note type (ADR 015): each is a prompt id with its own versions, deployed
// pointer (none for a draft) and gate, listed in the order clinicians are offered them.
import type { PromptCatalog } from "@consult-summary/core/prompts";
import type { EvalDatabase } from "@consult-summary/eval/store";

import { NOTE_TYPES } from "~/summaries/note-types";
import type { NoteTypeCatalogs } from "~/summaries/prompt-choice.server";

import { loadVersionsView, type VersionsView } from "./versions.server";

export interface ReviewNoteType {
  promptId: string;
  label: string;
  /** No version deployed yet: only admins may write it until one passes the gate. */
  draft: boolean;
  catalog: PromptCatalog;
}

export function reviewNoteTypes(catalogs: NoteTypeCatalogs): ReviewNoteType[] {
  return NOTE_TYPES.map((type) => {
    const catalog = catalogs.get(type.promptId)!;
    return { promptId: type.promptId, label: type.label, draft: catalog.deployed === undefined, catalog };
  });
}

/** A note type's label and draft state, for pages that name the prompt id. */
export function reviewNoteType(catalogs: NoteTypeCatalogs, promptId: string): ReviewNoteType | undefined {
  return reviewNoteTypes(catalogs).find((type) => type.promptId === promptId);
}

export type NoteTypeVersions = Omit<ReviewNoteType, "catalog"> & VersionsView;

/** Every note type's versions with their stored figures, clarity ratings and gate status. */
export async function loadNoteTypeViews(
  db: EvalDatabase,
  catalogs: NoteTypeCatalogs,
): Promise<NoteTypeVersions[]> {
  const views: NoteTypeVersions[] = [];
  for (const { catalog, ...type } of reviewNoteTypes(catalogs)) {
    views.push({ ...type, ...(await loadVersionsView(db, catalog)) });
  }
  return views;
}
