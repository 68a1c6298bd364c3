// Blind comparison: the same case from two versions as "Summary A" and "Summary B", in an order the
// reviewer cannot predict, with the versions named only once both sides are rated.
import { createHash } from "node:crypto";

import type { EvalResult, EvalRun } from "@consult-summary/eval/store";

export type Side = "A" | "B";

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

/**
 * Which version a case shows as "Summary A": random-looking but stable, seeded by the case id, so
 * reloading the page never swaps the sides and neither version is always on the left.
 */
export function blindOrder(caseId: string, primary: string, other: string): Record<Side, string> {
  const firstByte = createHash("sha256").update(`blind-order\u0000${caseId}`).digest()[0]!;
  return firstByte < 128 ? { A: primary, B: other } : { A: other, B: primary };
}

export interface BlindPair {
  caseId: string;
  notes: string;
  byVersion: Map<string, EvalResult>;
}

/** The rateable results of one run, for pairing. */
export interface RunResults {
  run: EvalRun;
  results: EvalResult[];
}

/** Pairs the two runs' results by case id, in the primary run's order; cases whose notes differ are only counted. */
export function blindPairs(primary: RunResults, other: RunResults) {
  const others = new Map(other.results.map((result) => [result.caseId, result]));
  const pairs: BlindPair[] = [];
  let mismatched = 0;
  for (const result of primary.results) {
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
        [primary.run.promptVersion, result],
        [other.run.promptVersion, match],
      ]),
    });
  }
  return { pairs, mismatched };
}

/** A case's two outputs as Summary A and Summary B. */
export function blindSides(
  pair: BlindPair,
  versions: [string, string],
  isRated: (version: string) => boolean,
): [BlindSide, BlindSide] {
  const order = blindOrder(pair.caseId, versions[0], versions[1]);
  return (["A", "B"] as const).map((side) => {
    const result = pair.byVersion.get(order[side])!;
    return { side, output: result.output, outputHash: result.outputHash, rated: isRated(order[side]) };
  }) as [BlindSide, BlindSide];
}

/** Which version each side of a case was, with this reviewer's clarity ratings. */
export function revealFor(
  pair: BlindPair | undefined,
  versions: [string, string],
  clarityOf: (version: string, result: EvalResult) => number | null,
): Reveal | null {
  if (!pair) return null;
  const order = blindOrder(pair.caseId, versions[0], versions[1]);
  const sides = (["A", "B"] as const).map((side) => {
    const version = order[side];
    return { side, version, clarity: clarityOf(version, pair.byVersion.get(version)!) };
  });
  // Only once both are rated: before that, which is which stays hidden.
  return sides.every((side) => side.clarity !== null) ? { caseId: pair.caseId, sides } : null;
}
