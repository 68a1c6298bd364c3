// The review queue: outputs of a version's latest finished run that this reviewer has not rated,
// one at a time, or (blind) the same case from two versions as "Summary A" and "Summary B".
import { createHash } from "node:crypto";

import { and, eq } from "drizzle-orm";

import type { PromptCatalog } from "@consult-summary/core/prompts";
import type { EvalDatabase } from "@consult-summary/eval/store";
import { ratedOutputKeys, rateRunOutput } from "@consult-summary/eval/store";
import { listResults, resolveRun, RunNotFoundError } from "@consult-summary/eval/store";
import { ratings, type EvalResult, type EvalRun } from "@consult-summary/eval/store";

export const VERSION_PATTERN = /^v\d+$/;
export const COMMENT_MAX_CHARACTERS = 2000;

export type Side = "A" | "B";

export interface RunInfo {
  runId: string;
  version: string;
  provider: string;
  model: string;
  dataset: string;
}

export interface QueueItem {
  caseId: string;
  notes: string;
  output: string;
  outputHash: string;
}

export interface BlindSide {
  side: Side;
  output: string;
  outputHash: string;
  rated: boolean;
}

export interface Reveal {
  caseId: string;
  sides: Array<{ side: Side; version: string; clarity: number | null }>;
}

export type QueueView =
  | { state: "no-run"; version: string; missing: string }
  | {
      state: "done";
      mode: "single" | "blind";
      versions: string[];
      runs: RunInfo[];
      total: number;
      reveal: Reveal | null;
    }
  | {
      state: "single";
      version: string;
      run: RunInfo;
      note: string | null;
      item: QueueItem;
      /** 1-based position of this item among all rateable outputs, and how many are unrated. */
      position: number;
      total: number;
      remaining: number;
    }
  | {
      state: "blind";
      versions: [string, string];
      caseId: string;
      notes: string;
      sides: [BlindSide, BlindSide];
      activeSide: Side;
      total: number;
      remaining: number;
      /** Cases left out because the two runs hold different consultations under the same id. */
      mismatched: number;
      reveal: Reveal | null;
    };

export class QueueInputError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "QueueInputError";
  }
}

function runInfo(run: EvalRun): RunInfo {
  return {
    runId: run.id,
    version: run.promptVersion,
    provider: run.provider,
    model: run.model,
    dataset: run.datasetPath,
  };
}

const byCaseId = (a: EvalResult, b: EvalResult) => a.caseId.localeCompare(b.caseId, "en", { numeric: true });

function rateable(db: EvalDatabase, run: EvalRun): EvalResult[] {
  return listResults(db, run.id)
    .filter((result) => result.errorCode === null && result.output.trim() !== "")
    .sort(byCaseId);
}

const key = (result: Pick<EvalResult, "caseId" | "outputHash">) =>
  `${result.caseId}\u0000${result.outputHash}`;

/** The latest finished run of a version, or null with the reason. */
function latestRun(db: EvalDatabase, version: string): EvalRun | null {
  try {
    return resolveRun(db, version);
  } catch (error) {
    if (error instanceof RunNotFoundError) return null;
    throw error;
  }
}

/**
 * Which version a case shows as "Summary A": random-looking but stable, seeded by the case id, so
 * reloading the page never swaps the sides and neither version is always on the left.
 */
export function blindOrder(caseId: string, primary: string, other: string): Record<Side, string> {
  const firstByte = createHash("sha256").update(`blind-order\u0000${caseId}`).digest()[0]!;
  return firstByte < 128 ? { A: primary, B: other } : { A: other, B: primary };
}

interface BlindPair {
  caseId: string;
  notes: string;
  byVersion: Map<string, EvalResult>;
}

function blindPairs(db: EvalDatabase, primary: EvalRun, other: EvalRun) {
  const others = new Map(rateable(db, other).map((result) => [result.caseId, result]));
  const pairs: BlindPair[] = [];
  let mismatched = 0;
  for (const result of rateable(db, primary)) {
    const match = others.get(result.caseId);
    if (!match) continue;
    if (match.notes !== result.notes) {
      mismatched++;
      continue;
    }
    pairs.push({
      caseId: result.caseId,
      notes: result.notes,
      byVersion: new Map([
        [primary.promptVersion, result],
        [other.promptVersion, match],
      ]),
    });
  }
  return { pairs, mismatched };
}

function ratingOf(db: EvalDatabase, run: EvalRun, result: EvalResult, rater: string): number | null {
  const row = db
    .select({ clarity: ratings.clarity })
    .from(ratings)
    .where(
      and(
        eq(ratings.promptHash, run.promptHash),
        eq(ratings.caseId, result.caseId),
        eq(ratings.outputHash, result.outputHash),
        eq(ratings.rater, rater),
      ),
    )
    .get();
  return row?.clarity ?? null;
}

function checkVersions(version: string, blind: string | null): void {
  if (!VERSION_PATTERN.test(version)) throw new QueueInputError("version must look like v1", 400);
  if (blind !== null && !VERSION_PATTERN.test(blind))
    throw new QueueInputError("blind must look like v2", 400);
  if (blind === version) throw new QueueInputError("blind must name a different version", 400);
}

/** Both runs of a blind comparison, keyed by version. */
function blindRuns(db: EvalDatabase, version: string, blind: string) {
  const primary = latestRun(db, version);
  const other = latestRun(db, blind);
  return { primary, other };
}

function revealFor(
  db: EvalDatabase,
  runs: Map<string, EvalRun>,
  pair: BlindPair | undefined,
  versions: [string, string],
  rater: string,
): Reveal | null {
  if (!pair) return null;
  const order = blindOrder(pair.caseId, versions[0], versions[1]);
  const sides = (["A", "B"] as const).map((side) => {
    const version = order[side];
    return { side, version, clarity: ratingOf(db, runs.get(version)!, pair.byVersion.get(version)!, rater) };
  });
  // Only once both are rated: before that, which is which stays hidden.
  return sides.every((side) => side.clarity !== null) ? { caseId: pair.caseId, sides } : null;
}

export function loadQueue(
  db: EvalDatabase,
  catalog: PromptCatalog,
  options: { version: string; blind: string | null; rater: string; revealed: string | null },
): QueueView {
  const { version, blind, rater } = options;
  checkVersions(version, blind);

  if (blind === null) {
    const run = latestRun(db, version);
    if (!run) return { state: "no-run", version, missing: version };
    const rated = ratedOutputKeys(db, run.promptHash, rater);
    const all = rateable(db, run);
    const unrated = all.filter((result) => !rated.has(key(result)));
    const current = catalog.get(version);
    const note =
      current && current.hash !== run.promptHash
        ? `${version} has changed since this run; ratings count for the run's version (hash ${run.promptHash.slice(0, 12)}).`
        : null;
    const next = unrated[0];
    if (!next) {
      return {
        state: "done",
        mode: "single",
        versions: [version],
        runs: [runInfo(run)],
        total: all.length,
        reveal: null,
      };
    }
    return {
      state: "single",
      version,
      run: runInfo(run),
      note,
      item: { caseId: next.caseId, notes: next.notes, output: next.output, outputHash: next.outputHash },
      position: all.indexOf(next) + 1,
      total: all.length,
      remaining: unrated.length,
    };
  }

  const { primary, other } = blindRuns(db, version, blind);
  if (!primary || !other) return { state: "no-run", version, missing: primary ? blind : version };
  const versions: [string, string] = [version, blind];
  const runs = new Map([
    [version, primary],
    [blind, other],
  ]);
  const ratedBy = new Map([
    [version, ratedOutputKeys(db, primary.promptHash, rater)],
    [blind, ratedOutputKeys(db, other.promptHash, rater)],
  ]);
  const { pairs, mismatched } = blindPairs(db, primary, other);
  const isRated = (pair: BlindPair, v: string) => ratedBy.get(v)!.has(key(pair.byVersion.get(v)!));
  const open = pairs.filter((pair) => !isRated(pair, version) || !isRated(pair, blind));
  const revealPair = options.revealed ? pairs.find((pair) => pair.caseId === options.revealed) : undefined;
  const reveal = revealFor(db, runs, revealPair, versions, rater);
  const next = open[0];
  if (!next) {
    return {
      state: "done",
      mode: "blind",
      versions,
      runs: [runInfo(primary), runInfo(other)],
      total: pairs.length,
      reveal,
    };
  }
  const order = blindOrder(next.caseId, version, blind);
  const sides = (["A", "B"] as const).map((side) => {
    const result = next.byVersion.get(order[side])!;
    return { side, output: result.output, outputHash: result.outputHash, rated: isRated(next, order[side]) };
  }) as [BlindSide, BlindSide];
  return {
    state: "blind",
    versions,
    caseId: next.caseId,
    notes: next.notes,
    sides,
    activeSide: sides[0].rated ? "B" : "A",
    total: pairs.length,
    remaining: open.length,
    mismatched,
    reveal,
  };
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
  checkVersions(query.version, query.blind);
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

/**
 * Stores one rating in the eval store (source "web"), for the run whose output the reviewer saw.
 * Returns the rated run and, in blind mode, whether both sides of the case are now rated.
 */
export function saveRating(db: EvalDatabase, input: RatingSubmission): { run: EvalRun; pairDone: boolean } {
  let run: EvalRun | null;
  let partner: { run: EvalRun } | null = null;
  if (input.blind === null) {
    run = latestRun(db, input.version);
  } else {
    const order = blindOrder(input.caseId, input.version, input.blind);
    const mine = order[input.side!];
    const theirs = order[input.side === "A" ? "B" : "A"];
    run = latestRun(db, mine);
    const partnerRun = latestRun(db, theirs);
    partner = partnerRun ? { run: partnerRun } : null;
  }
  if (!run) throw new QueueInputError("There is no finished run of this version any more.", 409);
  const result = listResults(db, run.id).find(
    (candidate) => candidate.caseId === input.caseId && candidate.outputHash === input.outputHash,
  );
  if (!result || result.errorCode !== null) {
    throw new QueueInputError("This output is no longer in the latest run: reload the queue.", 409);
  }
  rateRunOutput(
    db,
    run,
    result,
    { rater: input.rater, clarity: input.clarity, comment: input.comment },
    "web",
  );
  let pairDone = false;
  if (partner) {
    const other = listResults(db, partner.run.id).find((candidate) => candidate.caseId === input.caseId);
    pairDone = other !== undefined && ratingOf(db, partner.run, other, input.rater) !== null;
  }
  return { run, pairDone };
}
