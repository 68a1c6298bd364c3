// What a reviewer sends the review queue, checked: the versions in its URL and the posted rating form.
import type { Side } from "./blind-order.server";

export const VERSION_PATTERN = /^v\d+$/;
export const COMMENT_MAX_CHARACTERS = 2000;

export class QueueInputError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "QueueInputError";
  }
}

/** The queue's version and, in blind mode, the version it is compared with. */
export function checkQueueVersions(version: string, blind: string | null): void {
  if (!VERSION_PATTERN.test(version)) throw new QueueInputError("version must look like v1", 400);
  if (blind !== null && !VERSION_PATTERN.test(blind))
    throw new QueueInputError("blind must look like v2", 400);
  if (blind === version) throw new QueueInputError("blind must name a different version", 400);
}

export interface RatingSubmission {
  version: string;
  blind: string | null;
  rater: string;
  caseId: string;
  outputHash: string;
  side: Side | null;
  clarity: number;
  comment: string | null;
}

/** Parses the posted form; throws QueueInputError (400) on anything malformed. */
export function parseRatingForm(
  form: FormData,
  query: { version: string; blind: string | null },
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
  if (!caseId) throw new QueueInputError("caseId is missing", 400);
  if (!/^[0-9a-f]{64}$/.test(outputHash)) throw new QueueInputError("outputHash is missing", 400);
  if (!Number.isInteger(clarity) || clarity < 1 || clarity > 5) {
    throw new QueueInputError("Choose a clarity rating from 1 to 5.", 400);
  }
  if (comment.length > COMMENT_MAX_CHARACTERS) {
    throw new QueueInputError(`Comments are limited to ${COMMENT_MAX_CHARACTERS} characters.`, 400);
  }
  if (query.blind !== null && side !== "A" && side !== "B")
    throw new QueueInputError("side must be A or B", 400);
  return {
    ...query,
    rater,
    caseId,
    outputHash,
    side: query.blind !== null ? (side as Side) : null,
    clarity,
    comment: comment || null,
  };
}
