// What a reviewer sends the review queue, checked: the note type (prompt id) and versions in its
// URL, and the posted rating form.
import { z } from "zod";

import { SUMMARY_PROMPT_ID } from "@consult-summary/core/prompts";

import type { Side } from "./blind-order.server";

export const VERSION_PATTERN = /^v\d+$/;
export const COMMENT_MAX_CHARACTERS = 2000;

/** A refused queue request: its status, a stable code for the page, and a message for the reviewer. */
export class QueueInputError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "QueueInputError";
  }
}

/** Which queue a URL names. The prompt id defaults to the clinical note's, so older links still work. */
export interface QueueQuery {
  promptId: string;
  version: string;
  blind: string | null;
  revealed: string | null;
}

const promptIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, "promptId must be a note type's prompt id, such as referral-letter");

/** The queue's version and, in blind mode, the version it is compared with. */
export function checkQueueVersions(version: string, blind: string | null): void {
  if (!VERSION_PATTERN.test(version))
    throw new QueueInputError(400, "invalid_version", "version must look like v1");
  if (blind !== null && !VERSION_PATTERN.test(blind))
    throw new QueueInputError(400, "invalid_version", "blind must look like v2");
  if (blind === version)
    throw new QueueInputError(400, "invalid_version", "blind must name a different version");
}

/**
 * Reads `promptId`, `version`, `blind` and `revealed` from the queue's URL. Throws QueueInputError:
 * 400 `invalid_prompt_id` for a malformed id, 404 `unknown_prompt_id` for one that is no note
 * type's, 400 `invalid_version` for a malformed version. An empty version is left to the caller.
 */
export function parseQueueQuery(url: URL, knownPromptIds: ReadonlySet<string>): QueueQuery {
  const param = (name: string) => url.searchParams.get(name)?.trim() || null;
  const parsedId = promptIdSchema.safeParse(param("promptId") ?? SUMMARY_PROMPT_ID);
  if (!parsedId.success) {
    throw new QueueInputError(400, "invalid_prompt_id", parsedId.error.issues[0]!.message);
  }
  const promptId = parsedId.data;
  if (!knownPromptIds.has(promptId)) {
    throw new QueueInputError(
      404,
      "unknown_prompt_id",
      `There is no note type with prompt id "${promptId}". Known prompt ids: ${[...knownPromptIds].join(", ")}.`,
    );
  }
  const version = param("version") ?? "";
  const blind = param("blind");
  if (version) checkQueueVersions(version, blind);
  return { promptId, version, blind, revealed: param("revealed") };
}

export interface RatingSubmission {
  promptId: string;
  version: string;
  blind: string | null;
  rater: string;
  caseId: string;
  outputHash: string;
  side: Side | null;
  clarity: number;
  comment: string | null;
}

const invalid = (message: string) => new QueueInputError(400, "invalid_rating", message);

/** Parses the posted form; throws QueueInputError (400) on anything malformed. */
export function parseRatingForm(
  form: FormData,
  query: Pick<QueueQuery, "promptId" | "version" | "blind">,
  rater: string,
): RatingSubmission {
  checkQueueVersions(query.version, query.blind);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const caseId = text("caseId");
  const outputHash = text("outputHash");
  const clarity = Number(text("clarity"));
  const comment = text("comment").trim();
  const side = text("side");
  if (!caseId) throw invalid("caseId is missing");
  if (!/^[0-9a-f]{64}$/.test(outputHash)) throw invalid("outputHash is missing");
  if (!Number.isInteger(clarity) || clarity < 1 || clarity > 5) {
    throw invalid("Choose a clarity rating from 1 to 5.");
  }
  if (comment.length > COMMENT_MAX_CHARACTERS) {
    throw invalid(`Comments are limited to ${COMMENT_MAX_CHARACTERS} characters.`);
  }
  if (query.blind !== null && side !== "A" && side !== "B") throw invalid("side must be A or B");
  return {
    promptId: query.promptId,
    version: query.version,
    blind: query.blind,
    rater,
    caseId,
    outputHash,
    side: query.blind !== null ? (side as Side) : null,
    clarity,
    comment: comment || null,
  };
}
