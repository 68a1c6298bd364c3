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

import { contentTokens } from "./content-tokens";
import { textSegments, type Segment } from "./sentences";
import type { WorkMeter } from "./work-meter";

const MAX_WINDOW = 3;
/** Work units every claim may spend, however short. */
const BASE_BUDGET = 64;
/** Work units per character of source plus output, shared among the claims by length. */
const BUDGET_PER_CHARACTER = 16;

export interface SourceIndex {
  /** Length of the indexed text. */
  length: number;
  segments: Segment[];
  /** Content tokens of each segment. */
  tokens: Set<string>[];
  /** Token → indices of the segments holding it, ascending. */
  postings: Map<string, number[]>;
}

export interface SourceSpan {
  /** Offsets into the source of the best-matching span (1–3 source sentences); -1 when none. */
  sourceStart: number;
  sourceEnd: number;
}

const NOWHERE: SourceSpan = { sourceStart: -1, sourceEnd: -1 };

export function indexSource(source: string, meter?: WorkMeter): SourceIndex {
  const segments = textSegments(source, meter);
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
  return { length: source.length, segments, tokens, postings };
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

interface Candidates {
  /** Segment → ids (positions in the claim's token list) of the claim tokens found there. */
  hits: Map<number, number[]>;
  /** Ids of claim tokens whose postings were not all collected: checked in each window instead. */
  unindexed: number[];
}

/**
 * Collects the segments holding claim tokens from their posting lists: all of them when they fit
 * the budget; otherwise the rarest tokens' postings up to half the budget (the first token that
 * does not fit is cut short), leaving the commoner tokens to be checked per window.
 */
function collectCandidates(postings: number[][], budget: number, meter?: WorkMeter): Candidates {
  const hits = new Map<number, number[]>();
  const unindexed: number[] = [];
  const addHits = (id: number, count: number) => {
    for (let k = 0; k < count; k++) {
      const segment = postings[id]![k]!;
      const list = hits.get(segment);
      if (list) list.push(id);
      else hits.set(segment, [id]);
    }
    meter?.add(count);
  };
  let total = 0;
  for (const list of postings) total += list.length;
  if (total <= budget) {
    postings.forEach((list, id) => addHits(id, list.length));
    return { hits, unindexed };
  }
  const byRarity = postings.map((_, id) => id);
  byRarity.sort((a, b) => postings[a]!.length - postings[b]!.length || a - b);
  meter?.add(byRarity.length);
  let room = Math.ceil(budget / 2);
  for (const id of byRarity) {
    const length = postings[id]!.length;
    if (length <= room) {
      addHits(id, length);
      room -= length;
    } else {
      addHits(id, room);
      room = 0;
      unindexed.push(id);
    }
  }
  return { hits, unindexed };
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

  const { hits, unindexed } = collectCandidates(postings, budget, meter);
  // Exact when every posting was collected; otherwise stop once the budget is spent.
  const limit = unindexed.length === 0 ? Infinity : budget;
  const seenIn = new Int32Array(tokens.length);
  let window = 0;
  let spent = 0;
  let bestCount = 0;
  let bestWidth = 0;
  let bestStart = -1;
  const n = index.segments.length;
  for (const start of hits.keys()) {
    if (spent > limit) break;
    window++;
    let count = 0;
    for (let width = 1; width <= MAX_WINDOW && start + width <= n; width++) {
      const segment = start + width - 1;
      const found = hits.get(segment) ?? [];
      for (const id of found) {
        if (seenIn[id] !== window) {
          seenIn[id] = window;
          count++;
        }
      }
      for (const id of unindexed) {
        if (seenIn[id] !== window && index.tokens[segment]!.has(tokens[id]!)) {
          seenIn[id] = window;
          count++;
        }
      }
      const steps = 1 + found.length + unindexed.length;
      spent += steps;
      meter?.add(steps);
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
  if (bestStart < 0) return NOWHERE;
  return {
    sourceStart: index.segments[bestStart]!.start,
    sourceEnd: index.segments[bestStart + bestWidth - 1]!.end,
  };
}
