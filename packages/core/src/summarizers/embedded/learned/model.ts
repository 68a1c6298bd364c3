// The learned note models (README.md here): how note-worthy a transcript sentence is, and which note
// section it belongs to, as linear scores over the features of features.ts, with the features behind
// each score on request.

import type { SourceSentence } from "../parse-consultation";
import { consultationFeatures } from "./features";
import weights from "./weights.json";

interface NoteModelWeights {
  noteworthiness: { bias: number; weights: Record<string, number> };
  section: { classes: string[]; bias: number[]; weights: Record<string, number[]> };
}

const stored = weights as NoteModelWeights;
const NOTEWORTHY = new Map(Object.entries(stored.noteworthiness.weights));
const SECTION_CLASSES = stored.section.classes;
const SECTION = new Map(Object.entries(stored.section.weights));

export interface Contribution {
  feature: string;
  weight: number;
}

export interface NoteScores {
  /** Log-odds that the sentence is in the note. */
  noteworthiness: number;
  /** Log-probability of each section the model knows, given that the sentence is in the note. */
  sectionLogProbs: Record<string, number>;
}

export function noteworthiness(features: readonly string[]): number {
  let z = stored.noteworthiness.bias;
  for (const f of features) z += NOTEWORTHY.get(f) ?? 0;
  return z;
}

export function sectionLogProbs(features: readonly string[]): Record<string, number> {
  const z = [...stored.section.bias];
  for (const f of features) {
    const row = SECTION.get(f);
    if (row) for (let c = 0; c < z.length; c++) z[c]! += row[c]!;
  }
  const max = Math.max(...z);
  const logTotal = max + Math.log(z.reduce((sum, v) => sum + Math.exp(v - max), 0));
  return Object.fromEntries(SECTION_CLASSES.map((key, c) => [key, z[c]! - logTotal]));
}

export function knowsSection(key: string): boolean {
  return SECTION_CLASSES.includes(key);
}

/** The probability the section model gives `key`; 0 for sections it was not trained on. */
export function sectionFit(scores: NoteScores, key: string): number {
  const logProb = scores.sectionLogProbs[key];
  return logProb === undefined ? 0 : Math.exp(logProb);
}

/** Both scores for every sentence of a parsed consultation, in order. */
export function scoreSentences(sentences: readonly SourceSentence[]): NoteScores[] {
  return consultationFeatures(sentences).map((features) => ({
    noteworthiness: noteworthiness(features),
    sectionLogProbs: sectionLogProbs(features),
  }));
}

function strongest(contributions: Contribution[], top: number): Contribution[] {
  return contributions
    .filter((c) => c.weight !== 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.feature.localeCompare(b.feature))
    .slice(0, top);
}

/** The features that moved the note-worthiness score most, either way. */
export function explainNoteworthiness(features: readonly string[], top = 5): Contribution[] {
  return strongest(
    features.map((feature) => ({ feature, weight: NOTEWORTHY.get(feature) ?? 0 })),
    top,
  );
}

/** The features that moved the score of section `key` most, either way. */
export function explainSection(features: readonly string[], key: string, top = 5): Contribution[] {
  const c = SECTION_CLASSES.indexOf(key);
  if (c < 0) return [];
  return strongest(
    features.map((feature) => ({ feature, weight: SECTION.get(feature)?.[c] ?? 0 })),
    top,
  );
}
