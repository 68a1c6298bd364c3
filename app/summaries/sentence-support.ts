// Where a summary sentence comes from, down to the sentence: grounding locates 1–3 source sentences
// split at punctuation, and an ASR turn without punctuation is one such "sentence" however long.
// Inside that span the sentences are split again as the note writer splits speech, and the best
// 1–3 of them (most of the claim's words, then the narrowest, then the earliest) become the span.
import {
  contentTokens,
  indexSegments,
  locateBudget,
  locateInSource,
  spokenSegments,
  type GroundedSentence,
  type SourceIndex,
  type WorkMeter,
} from "@consult-summary/core/text";

/**
 * Narrows each located sentence's span to the spoken sentences within it that support it. Each
 * distinct span is split and indexed once (a source sentence lies in at most six distinct spans of
 * 1–3 sentences), and each search keeps the grounding's work budget: linear in notes and summary.
 */
export function narrowToSentences(
  grounded: readonly GroundedSentence[][],
  notes: string,
  meter?: WorkMeter,
): GroundedSentence[][] {
  const indexes = new Map<string, SourceIndex>();
  const indexOf = (start: number, end: number) => {
    const key = `${start}:${end}`;
    let index = indexes.get(key);
    if (!index) {
      index = indexSegments(end - start, spokenSegments(notes.slice(start, end), meter), meter);
      indexes.set(key, index);
    }
    return index;
  };
  let outputLength = 0;
  for (const sentences of grounded) for (const { sentence } of sentences) outputLength += sentence.length;
  const narrow = (grounding: GroundedSentence): GroundedSentence => {
    const { sourceStart, sourceEnd, sentence } = grounding;
    if (sourceStart < 0) return grounding;
    const index = indexOf(sourceStart, sourceEnd);
    if (index.segments.length <= 1) return grounding;
    const budget = locateBudget(index, sentence.length, outputLength);
    const span = locateInSource(contentTokens(sentence), index, budget, meter);
    if (span.sourceStart < 0) return grounding;
    return {
      ...grounding,
      sourceStart: sourceStart + span.sourceStart,
      sourceEnd: sourceStart + span.sourceEnd,
    };
  };
  return grounded.map((sentences) => sentences.map(narrow));
}
