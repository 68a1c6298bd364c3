import { groundSentences } from "../text/grounding";
import { parseSummaryMarkdown } from "./summary-markdown";

export interface ItemGrounding {
  /** Share (0–1) of the item's content words found in the notes: its weakest sentence's. */
  support: number;
  /** False when the clinician should check this item against the notes. */
  supported: boolean;
  /** Where in the notes it most likely comes from; -1 when nowhere. */
  sourceStart: number;
  sourceEnd: number;
}

const NO_CONTENT: ItemGrounding = { support: 1, supported: true, sourceStart: -1, sourceEnd: -1 };

/**
 * Grounds one bullet or paragraph of a summary in the consultation notes, with the same scorer
 * the eval package uses. An item with several sentences is only as well supported as its weakest.
 */
export function groundItem(item: string, notes: string): ItemGrounding {
  const sentences = groundSentences(item, notes);
  if (sentences.length === 0) return NO_CONTENT;
  const located = sentences.filter((sentence) => sentence.sourceStart >= 0);
  return {
    support: Math.min(...sentences.map((sentence) => sentence.support)),
    supported: sentences.every((sentence) => sentence.supported),
    sourceStart: located.length > 0 ? Math.min(...located.map((sentence) => sentence.sourceStart)) : -1,
    sourceEnd: located.length > 0 ? Math.max(...located.map((sentence) => sentence.sourceEnd)) : -1,
  };
}

/** Every item of a summary grounded in the notes, in the order parseSummaryMarkdown yields them. */
export function groundSummary(text: string, notes: string): ItemGrounding[] {
  return parseSummaryMarkdown(text)
    .flatMap((block) =>
      block.kind === "list" ? block.items : block.kind === "paragraph" ? [block.text] : [],
    )
    .map((item) => groundItem(item, notes));
}
