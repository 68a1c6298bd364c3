// Trivial baselines, as providers, so every figure for a summarizer has a floor beside it.
import { estimateUsage } from "@consult-summary/core/summarizers";
import {
  SummaryError,
  type SummaryChunk,
  type SummaryProvider,
  type SummaryRequest,
} from "@consult-summary/core/summarizers";

const SPEAKER_LABEL = /^\s*(?:\[[a-z_ ]+\]|[A-Za-z_]+:)\s*/i;

/** Source sentences in order, speaker labels removed: lines split after . ! or ?. */
export function sourceSentences(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(SPEAKER_LABEL, "").trim())
    .flatMap((line) => line.split(/(?<=[.!?])\s+/))
    .filter((sentence) => /[a-z0-9]/i.test(sentence));
}

function baseline(id: string, summarize: (notes: string) => string): SummaryProvider {
  return {
    id,
    async *stream(request: SummaryRequest): AsyncIterable<SummaryChunk> {
      if (request.signal.aborted) throw new SummaryError("cancelled", "The baseline was cancelled.");
      const text = summarize(request.notes);
      yield { type: "delta", text };
      yield { type: "usage", ...(await estimateUsage(request.model, request.messages, text)) };
    },
  };
}

/** `lead-3`: the first three sentences of the consultation, one per line. */
export const lead3Provider = baseline("lead-3", (notes) => sourceSentences(notes).slice(0, 3).join("\n"));

/** `copy`: the whole consultation as the summary. */
export const copyProvider = baseline("copy", (notes) => notes);

/** Baselines cost nothing; without this their cost would show as unknown. */
export const BASELINE_PRICES = { "lead-3": { input: 0, output: 0 }, copy: { input: 0, output: 0 } };
