// An inverted index of a source text's sentences, and the search for where a claim comes from.
//
// The answer is defined as: the window of 1–MAX_WINDOW consecutive source sentences holding the most
// distinct claim tokens, then the narrowest, then the earliest. Such a window always starts and ends
// with a sentence that holds a claim token (dropping an empty sentence at either end keeps the count
// and narrows it), so only windows starting at the sentences in the claim tokens' posting lists need
// counting: exact, and proportional to the postings visited.
//
// A claim whose tokens are all very common (thousands of "pain" lines, a summary of 10,000 "pain"
// bullets) would still make the total work |claims| × |sentences|. So each claim gets a work budget
// (its share of a total that is linear in |source| + |output|, see `locateBudget`). Under budget the
// result is exact; over budget the candidates come from the claim's rarest tokens only, every claim
// token still counts in the windows evaluated, and evaluation stops when the budget is spent.
// Real text stays well under budget: over the ACI-Bench and MTS-Dialog dialogues, with their reference
// notes or embedded summaries as output and the dialogue (or 100,000 characters of dialogues) as
// source, no sentence's postings came to half its budget (a dialogue against itself: 80%).

import { contentTokens } from "./content-tokens";
import { textSegments, type Segment } from "./sentences";
import type { WorkMeter } from "./work-meter";

const MAX_WINDOW = 3;
/** Work units every claim may spend, however short. */
const BASE_BUDGET = 32;
/** Work units per character of source plus output, shared among the claims by length. */
const BUDGET_PER_CHARACTER = 2;

/**
 * The claim-token hits of each segment while one claim is located, as linked lists in flat arrays,
 * and the tokens seen in the window being counted: kept with the index and reused from claim to
 * claim, so that locating allocates next to nothing.
 */
class HitLists {
  /** Segment → its most recent hit, -1 when none. */
  private readonly head: Int32Array;
  /** Hit → the same segment's previous hit, -1 at the end. */
  private readonly previous: number[] = [];
  /** Hit → claim-token id. */
  private readonly tokenIds: number[] = [];
  /** Segments with at least one hit, in order of their first hit. */
  readonly segments: number[] = [];
  /** Claim-token id → the window in which it was last seen. */
  private seenIn = new Int32Array(16);
  private window = 0;
  /** Distinct claim tokens seen in the current window. */
  seen = 0;

  constructor(segmentCount: number) {
    this.head = new Int32Array(segmentCount).fill(-1);
  }

  add(segment: number, tokenId: number): void {
    const head = this.head[segment]!;
    if (head < 0) this.segments.push(segment);
    this.head[segment] = this.tokenIds.length;
    this.previous.push(head);
    this.tokenIds.push(tokenId);
  }

  /** Starts counting the distinct tokens of a claim of `tokenCount` tokens afresh. */
  openWindow(tokenCount: number): void {
    if (tokenCount > this.seenIn.length) this.seenIn = new Int32Array(2 * tokenCount);
    this.window++;
    this.seen = 0;
  }

  see(tokenId: number): void {
    if (this.seenIn[tokenId] === this.window) return;
    this.seenIn[tokenId] = this.window;
    this.seen++;
  }

  /** Sees the claim tokens hit in `segment`; returns how many hits there were. */
  seeHitsIn(segment: number): number {
    let hits = 0;
    for (let hit = this.head[segment]!; hit >= 0; hit = this.previous[hit]!) {
      this.see(this.tokenIds[hit]!);
      hits++;
    }
    return hits;
  }

  clear(): void {
    for (const segment of this.segments) this.head[segment] = -1;
    this.segments.length = 0;
    this.previous.length = 0;
    this.tokenIds.length = 0;
  }
}

export interface SourceIndex {
  /** Length of the indexed text. */
  length: number;
  segments: Segment[];
  /** Content tokens of each segment. */
  tokens: ReadonlySet<string>[];
  /** Token → indices of the segments holding it, ascending. */
  postings: Map<string, number[]>;
  /** Working space of locateInSource. */
  hits: HitLists;
}

export interface SourceSpan {
  /** Offsets into the source of the best-matching span (1–3 source sentences); -1 when none. */
  sourceStart: number;
  sourceEnd: number;
}

const NOWHERE: SourceSpan = { sourceStart: -1, sourceEnd: -1 };

export function indexSource(source: string, meter?: WorkMeter): SourceIndex {
  return indexSegments(source.length, textSegments(source, meter), meter);
}

/** An index of a text of `length` characters already cut into `segments` (in order, with offsets). */
export function indexSegments(length: number, segments: Segment[], meter?: WorkMeter): SourceIndex {
  const tokens = segments.map((segment) => contentTokens(segment.text));
  const postings = new Map<string, number[]>();
  tokens.forEach((set, segment) => {
    for (const token of set) {
      const list = postings.get(token);
      if (list) list.push(segment);
      else postings.set(token, [segment]);
    }
    meter?.add(set.size);
  });
  return { length, segments, tokens, postings, hits: new HitLists(segments.length) };
}

/**
 * The work budget of one claim of `claimLength` characters, out of an output of `outputLength`
 * characters grounded against `index`: a base plus the claim's share of a total linear in the
 * source and output lengths. Summed over an output's claims it stays linear in both.
 */
export function locateBudget(index: SourceIndex, claimLength: number, outputLength: number): number {
  const total = BUDGET_PER_CHARACTER * (index.length + outputLength);
  return BASE_BUDGET + Math.ceil((total * claimLength) / Math.max(1, outputLength));
}

/**
 * Fills `hits` from the claim tokens' posting lists: all of them when they fit the budget;
 * otherwise the rarest tokens' postings up to half the budget (the first token that does not fit
 * is cut short). Returns the ids of the tokens not (fully) collected, to be checked per window.
 */
function collectHits(postings: number[][], hits: HitLists, budget: number, meter?: WorkMeter): number[] {
  let total = 0;
  for (const list of postings) total += list.length;
  if (total <= budget) {
    postings.forEach((list, id) => {
      for (const segment of list) hits.add(segment, id);
    });
    meter?.add(total);
    return [];
  }
  const byRarity = postings.map((_, id) => id);
  byRarity.sort((a, b) => postings[a]!.length - postings[b]!.length || a - b);
  const unindexed: number[] = [];
  let room = Math.ceil(budget / 2);
  for (const id of byRarity) {
    const list = postings[id]!;
    const taken = Math.min(list.length, room);
    for (let k = 0; k < taken; k++) hits.add(list[k]!, id);
    room -= taken;
    if (taken < list.length) unindexed.push(id);
  }
  meter?.add(byRarity.length + Math.ceil(budget / 2) - room);
  return unindexed;
}

/** The best window of 1–MAX_WINDOW source sentences for `claim` (see the top of this file). */
export function locateInSource(
  claim: ReadonlySet<string>,
  index: SourceIndex,
  budget: number,
  meter?: WorkMeter,
): SourceSpan {
  const tokens: string[] = [];
  const postings: number[][] = [];
  for (const token of claim) {
    const list = index.postings.get(token);
    if (list) {
      tokens.push(token);
      postings.push(list);
    }
  }
  meter?.add(claim.size);
  if (tokens.length === 0) return NOWHERE;

  const { hits } = index;
  const unindexed = collectHits(postings, hits, budget, meter);
  // Exact when every posting was collected; otherwise stop once the budget is spent.
  const limit = unindexed.length === 0 ? Infinity : budget;
  let spent = 0;
  let bestCount = 0;
  let bestWidth = 0;
  let bestStart = -1;
  const n = index.segments.length;
  for (const start of hits.segments) {
    if (spent > limit) break;
    hits.openWindow(tokens.length);
    for (let width = 1; width <= MAX_WINDOW && start + width <= n; width++) {
      const segment = start + width - 1;
      const steps = 1 + hits.seeHitsIn(segment) + unindexed.length;
      for (const id of unindexed) if (index.tokens[segment]!.has(tokens[id]!)) hits.see(id);
      spent += steps;
      meter?.add(steps);
      const count = hits.seen;
      if (
        count > bestCount ||
        (count === bestCount && (width < bestWidth || (width === bestWidth && start < bestStart)))
      ) {
        bestCount = count;
        bestWidth = width;
        bestStart = start;
      }
    }
  }
  hits.clear();
  if (bestStart < 0) return NOWHERE;
  return {
    sourceStart: index.segments[bestStart]!.start,
    sourceEnd: index.segments[bestStart + bestWidth - 1]!.end,
  };
}
