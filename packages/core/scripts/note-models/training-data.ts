// Dataset rows → labelled examples for the learned note models (features from the summarizer's own
// parser and feature function, labels from align.ts).

import { readFileSync } from "node:fs";

import { consultationFeatures } from "../../src/summarizers/embedded/learned/features";
import { parseConsultation } from "../../src/summarizers/embedded/parse-consultation";
import { aciNoteSentences, alignSentences, mtsNoteSentences } from "./align";

interface DatasetRow {
  id: string;
  source: "aci-bench" | "mts-dialog";
  section: string | null;
  dialogue: string;
  reference: string;
}

export interface LabelledSentence {
  features: string[];
  noteworthy: boolean;
  section?: string;
}

export interface DatasetExamples {
  file: string;
  cases: number;
  sentences: LabelledSentence[];
}

export function readRows(path: string): DatasetRow[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DatasetRow);
}

/** Every transcript sentence with at least one content word, with its features and labels. */
export function labelRows(rows: readonly DatasetRow[]): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  for (const row of rows) {
    const sentences = parseConsultation(row.dialogue).sentences;
    const note =
      row.source === "aci-bench"
        ? aciNoteSentences(row.reference)
        : mtsNoteSentences(row.reference, row.section ?? "");
    const alignments = alignSentences(sentences, note);
    consultationFeatures(sentences).forEach((features, i) => {
      const a = alignments[i]!;
      if (a.contentWordCount > 0) out.push({ features, noteworthy: a.noteworthy, section: a.section });
    });
  }
  return out;
}
