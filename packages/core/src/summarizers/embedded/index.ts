// The "embedded" summary provider: a deterministic, offline note writer (ADR 010).

import { estimateUsage } from "../token-count";
import {
  SummaryError,
  type ChatMessage,
  type SummaryChunk,
  type SummaryProvider,
  type SummaryRequest,
  type SummarySection,
  type TokenUsage,
} from "../types";
import { composeSummary } from "./compose";
import { selectSentences } from "./select";
import { withTokenMemo } from "./tokens";

export { DEFAULT_SECTIONS, MTS_SECTION_KEYS, SECTION_TITLES, mtsSection } from "./mts-sections";

/** The model name recorded for summaries the embedded summarizer writes. */
export const EMBEDDED_MODEL = "embedded-note-writer";

/** Summarizes a consultation under the given sections. Pure and deterministic. */
export function summarizeConsultation(notes: string, sections: SummarySection[]): string {
  return withTokenMemo(() => composeSummary(selectSentences(notes, sections)));
}

/** Splits text into model-like deltas: a few words at a time, keeping whitespace/newlines attached. */
export function chunkForStreaming(text: string, wordsPerChunk = 4): string[] {
  const tokens = text.match(/\S+\s*/g) ?? [];
  const leading = /^\s*/.exec(text)?.[0] ?? "";
  const chunks: string[] = [];
  for (let i = 0; i < tokens.length; i += wordsPerChunk)
    chunks.push(tokens.slice(i, i + wordsPerChunk).join(""));
  if (leading && chunks.length > 0) chunks[0] = leading + chunks[0];
  return chunks;
}

function cancelled(signal: AbortSignal): SummaryError {
  return new SummaryError("cancelled", "Summary generation was cancelled.", { cause: signal.reason });
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Where the embedded provider does its CPU-bound work: in this thread, or (the server) a worker pool. */
export interface EmbeddedWork {
  /** The whole summary; throws SummaryError when it cannot be written. */
  summarize(notes: string, sections: SummarySection[], signal: AbortSignal): Promise<string>;
  estimateUsage(model: string, messages: ChatMessage[], output: string): Promise<TokenUsage>;
}

const IN_THIS_THREAD: EmbeddedWork = {
  async summarize(notes, sections) {
    try {
      return summarizeConsultation(notes, sections);
    } catch (error) {
      throw new SummaryError("internal_error", "The embedded summarizer failed.", { cause: error });
    }
  },
  estimateUsage,
};

export function createEmbeddedProvider(work: EmbeddedWork = IN_THIS_THREAD): SummaryProvider {
  return {
    id: "embedded",
    async *stream(request: SummaryRequest): AsyncIterable<SummaryChunk> {
      const { signal } = request;
      if (signal.aborted) throw cancelled(signal);
      const fullText = await work.summarize(request.notes, request.sections, signal);
      for (const text of chunkForStreaming(fullText)) {
        await nextTick();
        if (signal.aborted) throw cancelled(signal);
        yield { type: "delta", text };
      }
      await nextTick();
      if (signal.aborted) throw cancelled(signal);
      yield { type: "usage", ...(await work.estimateUsage(request.model, request.messages, fullText)) };
    },
  };
}
