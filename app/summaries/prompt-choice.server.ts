// Which prompt a new summary is written with: the one rule for the form, the API and regenerate.
// The note type names the prompt id (the clinical note when none); everyone gets its deployed
// version; only admins may ask for another version of the same type (to try it out before it is
// deployed), and only admins may write a draft type, whose prompt id has no deployed version yet
// (ADR 015): its newest released version.
import type { CurrentUser } from "../auth/auth.server";
import type { DeployedPromptCatalog, PromptFile } from "@consult-summary/core/prompts";
import type { PromptCatalog } from "@consult-summary/core/prompts";
import { ApiErrorResponse } from "../utils/api-errors.server";
import {
  DEFAULT_NOTE_TYPE,
  findNoteType,
  NOTE_TYPE_IDS,
  NOTE_TYPES,
  type NoteType,
  type NoteTypeOption,
} from "./note-types";

/** The prompt catalogs of the note types, by prompt id. */
export type NoteTypeCatalogs = ReadonlyMap<string, PromptCatalog>;

export interface PromptChoices {
  versions: string[];
  deployed: string;
}

function mayChooseAnyVersion(user: CurrentUser): boolean {
  return user.role === "admin";
}

/** The versions the user may choose between, or null when they only ever get the deployed one. */
export function promptChoices(user: CurrentUser, catalog: DeployedPromptCatalog): PromptChoices | null {
  if (!mayChooseAnyVersion(user)) return null;
  return { versions: catalog.versions(), deployed: catalog.deployed.version };
}

/**
 * The prompt the user's request asks for: the deployed one when it names none (or names the
 * deployed one). Throws ApiErrorResponse: 422 `unknown_prompt_version` for a version that does not
 * exist, 403 `prompt_version_not_allowed` when someone other than an admin names another version.
 */
export function choosePrompt(
  user: CurrentUser,
  version: string | undefined,
  catalog: PromptCatalog,
): PromptFile {
  if (!version) return catalog.deployed ?? newestVersion(catalog);
  const prompt = catalog.get(version);
  if (!prompt) {
    throw new ApiErrorResponse(
      422,
      "unknown_prompt_version",
      `There is no such prompt version. Known versions: ${catalog.versions().join(", ")}.`,
    );
  }
  if (prompt !== catalog.deployed && !mayChooseAnyVersion(user)) {
    throw new ApiErrorResponse(
      403,
      "prompt_version_not_allowed",
      `Only admins may choose a prompt version other than the deployed one (${catalog.deployed?.version ?? "none"}).`,
    );
  }
  return prompt;
}

function newestVersion(catalog: PromptCatalog): PromptFile {
  return catalog.get(catalog.versions().at(-1)!)!;
}

function isDraft(type: NoteType, catalogs: NoteTypeCatalogs): boolean {
  return catalogs.get(type.promptId)!.deployed === undefined;
}

/** The note types the user may write: drafts for admins only, labelled as drafts. */
export function noteTypeOptions(user: CurrentUser, catalogs: NoteTypeCatalogs): NoteTypeOption[] {
  return NOTE_TYPES.map((type) => ({
    id: type.id,
    label: type.label,
    draft: isDraft(type, catalogs),
  })).filter((option) => !option.draft || mayChooseAnyVersion(user));
}

/**
 * The note type a request names: the clinical note when it names none. Throws ApiErrorResponse
 * 422 `unknown_note_type` for an unknown value, 403 `note_type_not_available` when someone other
 * than an admin names a draft type.
 */
export function chooseNoteType(
  user: CurrentUser,
  id: string | undefined,
  catalogs: NoteTypeCatalogs,
): NoteType {
  if (!id) return DEFAULT_NOTE_TYPE;
  const type = findNoteType(id);
  if (!type) {
    throw new ApiErrorResponse(
      422,
      "unknown_note_type",
      `There is no such note type. Known note types: ${NOTE_TYPE_IDS.join(", ")}.`,
    );
  }
  if (isDraft(type, catalogs) && !mayChooseAnyVersion(user)) {
    throw new ApiErrorResponse(
      403,
      "note_type_not_available",
      `The ${type.label.toLowerCase()} is a draft: no version of it has passed the clinicians' clarity ratings yet, so only admins may write one. Choose another note type.`,
    );
  }
  return type;
}

/** The prompt for a request's note type and (admins only) version; throws as the rules above. */
export function choosePromptOfType(
  user: CurrentUser,
  request: { noteType?: string; promptVersion?: string },
  catalogs: NoteTypeCatalogs,
): PromptFile {
  const type = chooseNoteType(user, request.noteType, catalogs);
  return choosePrompt(user, request.promptVersion, catalogs.get(type.promptId)!);
}
