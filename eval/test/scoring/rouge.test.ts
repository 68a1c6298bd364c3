import { l as jsRougeL, lcs as jsRougeLcs } from "js-rouge";
import { describe, expect, it } from "vitest";

import {
  lcsIndices,
  lcsLength,
  scoreRouge,
  scoreRougeTokens,
  tokenizeForRouge,
} from "../../src/scoring/rouge";
import type { RougeScore, RougeScores } from "../../src/types";
import { PREDICTION_MULTI_0, PREDICTIONS, TARGET_MULTI_0, TARGETS } from "./rouge-score-testdata";

// rouge-score's API is score(target, prediction); ours is scoreRouge(candidate = prediction, reference = target).

/** assertAlmostEqual(expected, actual, places) as in rouge_scorer_test.py: |Δ| rounds to 0 at `places`. */
function close(actual: number, expected: number, places = 7): void {
  expect(Math.abs(actual - expected)).toBeLessThan(0.5 * 10 ** -places);
}

function expectScore(actual: RougeScore, p: number, r: number, f: number, places = 7): void {
  close(actual.p, p, places);
  close(actual.r, r, places);
  close(actual.f, f, places);
}

function expectAll(scores: RougeScores, expected: Record<keyof RougeScores, [number, number, number]>): void {
  for (const key of ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const) {
    const [p, r, f] = expected[key];
    expectScore(scores[key], p, r, f, 9);
  }
}

const ZERO: [number, number, number] = [0, 0, 0];

describe("ROUGE — cases ported from rouge-score's rouge_scorer_test.py", () => {
  it("testRouge1", () => {
    expectScore(scoreRouge("testing", "testing one two", { stem: false }).rouge1, 1, 1 / 3, 1 / 2);
  });

  it("testRougeEmpty: empty prediction scores 0 on every type", () => {
    const s = scoreRouge("", "testing one two", { stem: false });
    expectAll(s, { rouge1: ZERO, rouge2: ZERO, rougeL: ZERO, rougeLsum: ZERO });
  });

  it("testRouge2", () => {
    expectScore(scoreRouge("testing one", "testing one two", { stem: false }).rouge2, 1, 1 / 2, 2 / 3);
  });

  it("testRougeLConsecutive / testRougeLNonConsecutive / testMultipleRougeTypes", () => {
    const consecutive = scoreRouge("testing one", "testing one two", { stem: false });
    expectScore(consecutive.rougeL, 1, 2 / 3, 4 / 5);
    expectScore(consecutive.rouge1, 1, 2 / 3, 4 / 5);
    expectScore(scoreRouge("testing two", "testing one two", { stem: false }).rougeL, 1, 2 / 3, 4 / 5);
  });

  // "Ground truth" values of the Python tests come from ROUGE-1.5.5 runs and are given to 5 places
  // (assertAlmostEqual(..., 5)); the exact fractions beside them are what rouge-score's algorithm
  // yields on these texts (hits / token counts), checked to 1e-9.
  it("testRouge1AgainstRouge155 (no stemming)", () => {
    const a = scoreRouge(PREDICTIONS[0]!, TARGETS[0]!, { stem: false }).rouge1;
    expectScore(a, 0.6875, 0.40741, 0.51163, 5);
    expectScore(a, 11 / 16, 11 / 27, (2 * (11 / 16) * (11 / 27)) / (11 / 16 + 11 / 27), 9);
    const b = scoreRouge(PREDICTIONS[1]!, TARGETS[1]!, { stem: false }).rouge1;
    expectScore(b, 0.65385, 0.40476, 0.5, 5);
    expectScore(b, 17 / 26, 17 / 42, 0.5, 9);
  });

  it("testRouge1AgainstRouge155WithStemming", () => {
    expectScore(scoreRouge(PREDICTIONS[0]!, TARGETS[0]!, { stem: true }).rouge1, 0.6875, 0.40741, 0.51163, 5);
    const b = scoreRouge(PREDICTIONS[1]!, TARGETS[1]!, { stem: true }).rouge1;
    expectScore(b, 0.69231, 0.42857, 0.52941, 5);
    expectScore(b, 18 / 26, 18 / 42, 0.5294117647058824, 9);
  });

  it("testRouge2AgainstRouge155 (with and without stemming)", () => {
    for (const stem of [false, true]) {
      const a = scoreRouge(PREDICTIONS[0]!, TARGETS[0]!, { stem }).rouge2;
      expectScore(a, 0.53333, 0.30769, 0.39024, 5);
      expectScore(a, 8 / 15, 8 / 26, (2 * (8 / 15) * (8 / 26)) / (8 / 15 + 8 / 26), 9);
      const b = scoreRouge(PREDICTIONS[1]!, TARGETS[1]!, { stem }).rouge2;
      expectScore(b, 0.48, 0.29268, 0.36364, 5);
      expectScore(b, 12 / 25, 12 / 41, (2 * (12 / 25) * (12 / 41)) / (12 / 25 + 12 / 41), 9);
    }
  });

  it("testRougeLAgainstRouge155", () => {
    expectScore(
      scoreRouge(PREDICTIONS[0]!, TARGETS[0]!, { stem: false }).rougeL,
      0.6875,
      0.40741,
      0.51163,
      5,
    );
    expectScore(scoreRouge(PREDICTIONS[1]!, TARGETS[1]!, { stem: false }).rougeL, 0.65385, 0.40476, 0.5, 5);
  });

  it("testRougeLSumAgainstRouge155WithStemming (pyrouge_files/*_multi.0.txt)", () => {
    const s = scoreRouge(PREDICTION_MULTI_0, TARGET_MULTI_0, { stem: true }).rougeLsum;
    expectScore(s, 0.66667, 0.36538, 0.47205, 5);
    expectScore(s, 0.6666666666666666, 0.36538461538461536, 0.4720496894409938, 9);
  });

  it("testLcsTable: backtrack indices", () => {
    expect(lcsIndices(["1", "2", "3", "4", "5"], ["2", "5", "3", "4"])).toEqual([1, 2, 3]);
    expect(lcsIndices(["1", "2", "3", "4", "5"], ["8", "9"])).toEqual([]);
  });

  it("testUnionLcs / testSummaryLevelLcs / testRougeLsum", () => {
    // Union of LCS([1..5], [1,2,6,7,8]) = {0,1} and LCS([1..5], [1,3,8,9,5]) = {0,2,4} → 4 hits.
    const s = scoreRouge("w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", "w1 w2 w3 w4 w5", { stem: false }).rougeLsum;
    expectScore(s, 0.4, 0.8, 0.5333, 3);
    expectScore(s, 0.4, 0.8, 0.5333333333333333, 9);
    // Empty cases and a summary of non-word characters only.
    for (const [cand, ref] of [
      ["", "w1 w2 w3 w4 w5"],
      ["w1", ""],
      ["/", "w1 w2 w3 w4 w5"],
    ] as const) {
      expectScore(scoreRouge(cand, ref, { stem: false }).rougeLsum, 0, 0, 0);
    }
  });
  // testRougeLsumLarge (target_large.txt / prediction_large.txt, 230 kB) is not ported.
});

describe("ROUGE — hand-computed cases", () => {
  it("stemming: running/runs → run; ran (3 letters) is never stemmed", () => {
    // cand [run, run, ran], ref [run, ran]. R1: min(2,1)+1 = 2 → P 2/3, R 1, F 0.8.
    // R2: cand (run run)(run ran), ref (run ran) → 1 → P 1/2, R 1, F 2/3. L: [run ran] → as R1.
    expectAll(scoreRouge("running runs ran", "run ran"), {
      rouge1: [2 / 3, 1, 0.8],
      rouge2: [1 / 2, 1, 2 / 3],
      rougeL: [2 / 3, 1, 0.8],
      rougeLsum: [2 / 3, 1, 0.8],
    });
  });

  it("--no-stem: running/runs no longer match run", () => {
    // cand [running, runs, ran], ref [run, ran]: only "ran" → P 1/3, R 1/2, F 0.4; no shared bigram.
    expectAll(scoreRouge("running runs ran", "run ran", { stem: false }), {
      rouge1: [1 / 3, 1 / 2, 0.4],
      rouge2: ZERO,
      rougeL: [1 / 3, 1 / 2, 0.4],
      rougeLsum: [1 / 3, 1 / 2, 0.4],
    });
  });

  it("punctuation and case do not matter", () => {
    const one: [number, number, number] = [1, 1, 1];
    expectAll(scoreRouge("Hello, WORLD!", "hello world"), {
      rouge1: one,
      rouge2: one,
      rougeL: one,
      rougeLsum: one,
    });
  });

  it("numbers are tokens; separators split 140/90", () => {
    // cand [bp 140 90 puls 72], ref [blood pressur 140 90 puls 80].
    // R1: 140, 90, puls → P 3/5, R 3/6, F 6/11. R2: (140 90)(90 puls) → P 2/4, R 2/5, F 4/9. L = 3.
    expectAll(scoreRouge("BP 140/90, pulse 72.", "Blood pressure 140/90; pulse 80."), {
      rouge1: [3 / 5, 1 / 2, 6 / 11],
      rouge2: [1 / 2, 2 / 5, 4 / 9],
      rougeL: [3 / 5, 1 / 2, 6 / 11],
      rougeLsum: [3 / 5, 1 / 2, 6 / 11],
    });
  });

  it("empty candidate, empty reference, both empty → all zero", () => {
    const zero = { rouge1: ZERO, rouge2: ZERO, rougeL: ZERO, rougeLsum: ZERO };
    expectAll(scoreRouge("", "x y"), zero);
    expectAll(scoreRouge("x y", ""), zero);
    expectAll(scoreRouge("", ""), zero);
    expectAll(scoreRouge("\n\n", "...\n"), zero);
  });

  it("repeated tokens are clipped", () => {
    // cand [the the the the cat], ref [the cat sat]: R1 min(4,1)+1 = 2 → P 2/5, R 2/3, F 0.5.
    // R2: (the the)×3 (the cat) vs (the cat)(cat sat) → 1 → P 1/4, R 1/2, F 1/3. L: [the cat] = 2.
    expectAll(scoreRouge("the the the the cat", "the cat sat"), {
      rouge1: [2 / 5, 2 / 3, 0.5],
      rouge2: [1 / 4, 1 / 2, 1 / 3],
      rougeL: [2 / 5, 2 / 3, 0.5],
      rougeLsum: [2 / 5, 2 / 3, 0.5],
    });
  });

  it("multi-line Lsum: the union LCS ignores line order, ROUGE-L does not", () => {
    // ROUGE-L on [c d a b] vs [a b c d]: LCS 2 → 0.5. Lsum: ref line "a b" matches cand line "a b",
    // "c d" matches "c d" → 4 hits → 1. ROUGE-2: (c d)(a b) shared, (d a) vs (b c) not → 2/3.
    expectAll(scoreRouge("c d\na b", "a b\nc d"), {
      rouge1: [1, 1, 1],
      rouge2: [2 / 3, 2 / 3, 2 / 3],
      rougeL: [0.5, 0.5, 0.5],
      rougeLsum: [1, 1, 1],
    });
  });

  it("Lsum follows _backtrack_norec's tie-break and the hit limit", () => {
    // ref lines [a] and [c a], cand line [a c]. Line 1: LCS "a" → hit (cand has one "a").
    // Line 2 vs [a c]: both "c" and "a" are LCSs; at the tie table[i][j-1] == table[i-1][j] the
    // backtrack moves i, reaching "c" → second hit. (Picking "a" would give no hit: the candidate's
    // only "a" is used up → P 1/2.) So P = 2/2, R = 2/3, F = 0.8.
    expectScore(scoreRouge("a c", "a\nc a").rougeLsum, 1, 2 / 3, 0.8, 9);
    expect(lcsIndices(["c", "a"], ["a", "c"])).toEqual([0]);
  });

  it("non-ASCII letters are separators", () => {
    // cand "Zoë Müller visited" → [zo, m, ller, visit]; ref [zoe, muller, visit]: 1 shared.
    expectAll(scoreRouge("Zoë Müller visited", "Zoe Muller visited"), {
      rouge1: [1 / 4, 1 / 3, 2 / 7],
      rouge2: ZERO,
      rougeL: [1 / 4, 1 / 3, 2 / 7],
      rougeLsum: [1 / 4, 1 / 3, 2 / 7],
    });
  });

  it("values checked against the Python algorithm on MTS-Dialog-like text", () => {
    // From running rouge-score's scoring functions (transcribed) with NLTK 3.10.3's PorterStemmer.
    const reference =
      "The patient is a 76-year-old white female who presents to the clinic today originally for hypertension and a med check.\nShe has had no fever or chills, cough, congestion, nausea, vomiting, chest pain, chest pressure.";
    const candidate =
      "76-year-old female here for a blood pressure medication refill.\nHistory of hypertension, osteoarthritis and kidney stones.\nNo fever, chills, cough, nausea, vomiting or chest pain.";
    const s = scoreRouge(candidate, reference);
    expect(s.rouge1.f).toBeCloseTo(EXPECTED_MTS.rouge1, 9);
    expect(s.rouge2.f).toBeCloseTo(EXPECTED_MTS.rouge2, 9);
    expect(s.rougeL.f).toBeCloseTo(EXPECTED_MTS.rougeL, 9);
    expect(s.rougeLsum.f).toBeCloseTo(EXPECTED_MTS.rougeLsum, 9);
  });
});

describe("ROUGE — implementation details", () => {
  it("pre-tokenized entry gives the same scores", () => {
    const cand = "Patient reports chest pain.\nNo fever.";
    const ref = "The patient has chest pain\nand denies fever.";
    expect(scoreRougeTokens(tokenizeForRouge(cand), tokenizeForRouge(ref))).toEqual(scoreRouge(cand, ref));
    const t = tokenizeForRouge("a b\n\nc\n");
    expect(t.lines).toEqual([["a", "b"], ["c"]]);
    expect(t.tokens).toEqual(["a", "b", "c"]);
  });

  it("LCS length and positions agree with js-rouge", () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const seq = () => Array.from({ length: Math.floor(rnd() * 9) }, () => "abcd"[Math.floor(rnd() * 4)]!);
    for (let n = 0; n < 2000; n++) {
      const ref = seq();
      const can = seq();
      // js-rouge's lcs(candidate, reference) returns the reference tokens of its LCS.
      const theirs = jsRougeLcs(can, ref);
      expect(lcsIndices(ref, can).map((i) => ref[i])).toEqual(theirs);
      const ids = (xs: string[]) => xs.map((x) => x.charCodeAt(0));
      expect(lcsLength(ids(ref), ids(can))).toBe(theirs.length);
    }
  });

  it("single-line ROUGE-L F equals js-rouge's l() when tokens are given the same way", () => {
    const cand = "the quick brown dog jumps on the log";
    const ref = "the quick brown fox jumps over the lazy dog";
    const ours = scoreRouge(cand, ref, { stem: false }).rougeL.f;
    expect(ours).toBeCloseTo(jsRougeL(cand, ref), 12);
  });
});

// Filled in from the Python reference run (see the test above).
const EXPECTED_MTS = { rouge1: 0.5625, rouge2: 0.1935483870967742, rougeL: 0.46875, rougeLsum: 0.53125 };
