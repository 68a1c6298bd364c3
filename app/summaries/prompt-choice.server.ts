// Which prompt version a new summary is written with: the one rule for the form and the API.
// Everyone gets the deployed version; only admins may ask for another one (to try a version out
// before it is deployed).
import type { CurrentUser } from "../auth/auth.server";
import type { PromptFile } from "@consult-summary/core/prompts";
import type { PromptCatalog } from "@consult-summary/core/prompts";
import { ApiErrorResponse } from "../utils/api-errors.server";

export interface PromptChoices {
  versions: string[];
  deployed: string;
}

function mayChooseAnyVersion(user: CurrentUser): boolean {
  return user.role === "admin";
}

/** The versions the user may choose between, or null when they only ever get the deployed one. */
export function promptChoices(user: CurrentUser, catalog: PromptCatalog): PromptChoices | null {
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
  if (!version) return catalog.deployed;
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
      `Only admins may choose a prompt version other than the deployed one (${catalog.deployed.version}).`,
    );
  }
  return prompt;
}
