// The review queue: outputs of a version's latest finished run that this reviewer has not rated,
// one at a time, or (blind) the same case from two versions as "Summary A" and "Summary B"; and
// the rating a reviewer posts, saved durably (persist: the app's database) and then to the eval store.
import { and, eq } from "drizzle-orm";

import type { PromptCatalog } from "@consult-summary/core/prompts";
import type { EvalDatabase } from "@consult-summary/eval/store";
import { addRating, ratedOutputKeys, type RatingInput } from "@consult-summary/eval/store";
import { listResults, resolveRun, RunNotFoundError } from "@consult-summary/eval/store";
import { ratings, type EvalResult, type EvalRun } from "@consult-summary/eval/store";

import {
  blindOrder,
  blindPairs,
  blindSides,
  revealFor,
  type BlindPair,
  type BlindSide,
  type Reveal,
  type Side,
} from "./blind-order.server";
import { checkQueueVersions, QueueInputError, type RatingSubmission } from "./queue-input.server";

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

/**
 * The latest finished run of one note type's version, or null: runs are resolved within the
 * prompt id (its eval run wrote each case with that prompt's format), so a referral letter's `v1`
 * never means the clinical note's v1.
 */
function latestRun(db: EvalDatabase, promptId: string, version: string): EvalRun | null {
  try {
    return resolveRun(db, version, { promptId });
  } catch (error) {
    if (error instanceof RunNotFoundError) return null;
    throw error;
  }
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

export function loadQueue(
  db: EvalDatabase,
  catalog: PromptCatalog,
  options: { version: string; blind: string | null; rater: string; revealed: string | null },
): QueueView {
  const { version, blind, rater } = options;
  const promptId = catalog.promptId;
  checkQueueVersions(version, blind);

  if (blind === null) {
    const run = latestRun(db, promptId, version);
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

  const primary = latestRun(db, promptId, version);
  const other = latestRun(db, promptId, blind);
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
  const { pairs, mismatched } = blindPairs(
    { run: primary, results: rateable(db, primary) },
    { run: other, results: rateable(db, other) },
  );
  const isRated = (pair: BlindPair, v: string) => ratedBy.get(v)!.has(key(pair.byVersion.get(v)!));
  const open = pairs.filter((pair) => !isRated(pair, version) || !isRated(pair, blind));
  const revealPair = options.revealed ? pairs.find((pair) => pair.caseId === options.revealed) : undefined;
  const reveal = revealFor(revealPair, versions, (v, result) => ratingOf(db, runs.get(v)!, result, rater));
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
  const sides = blindSides(next, versions, (v) => isRated(next, v));
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

/**
 * Saves one rating (source "web") of the output the reviewer saw, in the latest run of its version:
 * first through `persist` (the app's database, where it survives deploys), then in the eval store.
 * Returns the rated run and, in blind mode, whether both sides of the case are now rated.
 */
export async function saveRating(
  db: EvalDatabase,
  input: RatingSubmission,
  persist: (rating: RatingInput) => Promise<unknown>,
): Promise<{ run: EvalRun; pairDone: boolean }> {
  let run: EvalRun | null;
  let partner: { run: EvalRun } | null = null;
  if (input.blind === null) {
    run = latestRun(db, input.promptId, input.version);
  } else {
    const order = blindOrder(input.caseId, input.version, input.blind);
    const mine = order[input.side!];
    const theirs = order[input.side === "A" ? "B" : "A"];
    run = latestRun(db, input.promptId, mine);
    const partnerRun = latestRun(db, input.promptId, theirs);
    partner = partnerRun ? { run: partnerRun } : null;
  }
  if (!run) throw new QueueInputError(409, "no_run", "There is no finished run of this version any more.");
  const result = listResults(db, run.id).find(
    (candidate) => candidate.caseId === input.caseId && candidate.outputHash === input.outputHash,
  );
  if (!result || result.errorCode !== null) {
    throw new QueueInputError(
      409,
      "output_not_in_run",
      "This output is no longer in the latest run: reload the queue.",
    );
  }
  const rating: RatingInput = {
    promptId: run.promptId,
    promptVersion: run.promptVersion,
    promptHash: run.promptHash,
    caseId: result.caseId,
    outputHash: result.outputHash,
    rater: input.rater,
    clarity: input.clarity,
    comment: input.comment || null,
    ratedAt: new Date(),
  };
  await persist(rating);
  addRating(db, rating, "web");
  let pairDone = false;
  if (partner) {
    const other = listResults(db, partner.run.id).find((candidate) => candidate.caseId === input.caseId);
    pairDone = other !== undefined && ratingOf(db, partner.run, other, input.rater) !== null;
  }
  return { run, pairDone };
}
