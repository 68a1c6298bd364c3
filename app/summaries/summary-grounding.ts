import { checkFacts, indexFacts, type FactIssue, type SourceFacts } from "@consult-summary/core/facts";
import { groundOutputs, type GroundedSentence } from "@consult-summary/core/text";
import type { WorkMeter } from "@consult-summary/core/text";
import { narrowToSentences } from "./sentence-support";
import { summaryItems } from "./summary-markdown";
import { LETTER_PHRASES, type NoteFormat } from "@consult-summary/core/note-formats";

export interface ItemGrounding {
  /** Share (0–1) of the item's content words found in the notes: its weakest sentence's. */
  support: number;
  /** False when the clinician should check this item against the notes. */
  supported: boolean;
  /** Where in the notes it most likely comes from, to the sentence (sentence-support.ts); -1 when nowhere. */
  sourceStart: number;
  sourceEnd: number;
  /** What the fact check found the notes do not support, each with its reason (absent when nothing). */
  issues?: FactIssue[];
}

/** An item with several sentences is only as well supported as its weakest. */
function itemGrounding(sentences: readonly GroundedSentence[]): ItemGrounding {
  let support = 1;
  let supported = true;
  let sourceStart = -1;
  let sourceEnd = -1;
  for (const sentence of sentences) {
    support = Math.min(support, sentence.support);
    supported &&= sentence.supported;
    if (sentence.sourceStart < 0) continue;
    sourceStart = sourceStart < 0 ? sentence.sourceStart : Math.min(sourceStart, sentence.sourceStart);
    sourceEnd = Math.max(sourceEnd, sentence.sourceEnd);
  }
  return { support, supported, sourceStart, sourceEnd };
}

/**
 * Grounds every item of a summary (see `summaryItems` in summary-markdown.ts for the order) in the consultation notes,
 * indexing the notes once: linear in the summary and notes sizes however many items there are.
 * An item without content words (such as "Yes.") counts as supported and located nowhere.
 */
export function groundSummary(
  text: string,
  notes: string,
  meter?: WorkMeter,
  format: NoteFormat = "note",
): ItemGrounding[] {
  return groundItems(summaryItems(text), notes, meter, format);
}

/**
 * Speech to someone is the point of an after-visit summary (to the patient) and of a letter's
 * greeting and closing (to the colleague): there, the register finding ("reads as speech") is none.
 */
function speaksByDesign(item: string, format: NoteFormat): boolean {
  return format === "patient-summary" || (format === "letter" && LETTER_PHRASES.includes(item));
}

/** An item the fact check finds wanting needs checking, however many of its words the notes have. */
function withFacts(
  grounding: ItemGrounding,
  item: string,
  facts: SourceFacts,
  format: NoteFormat,
): ItemGrounding {
  // A letter's greeting, opening and closing are the format's own words: they state no fact.
  if (format === "letter" && LETTER_PHRASES.includes(item)) return { ...grounding, supported: true };
  const found = checkFacts(item, facts);
  const issues = speaksByDesign(item, format) ? found.filter((issue) => issue.kind !== "question") : found;
  return issues.length === 0 ? grounding : { ...grounding, supported: false, issues };
}

function groundItems(
  items: readonly string[],
  notes: string,
  meter: WorkMeter | undefined,
  format: NoteFormat = "note",
): ItemGrounding[] {
  const facts = indexFacts(notes);
  return narrowToSentences(groundOutputs(items, notes, meter), notes, meter).map((sentences, i) =>
    withFacts(itemGrounding(sentences), items[i]!, facts, format),
  );
}

/**
 * Grounds one bullet or paragraph of a summary in the consultation notes, with the same scorer
 * the eval package uses. To ground a whole summary, `groundSummary` indexes the notes only once.
 */
export function groundItem(item: string, notes: string): ItemGrounding {
  return groundItems([item], notes, undefined)[0]!;
}
