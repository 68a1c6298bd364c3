// The note writer's sentences (ADR 010), with offsets: ASR spacing mended, split at ". ? !" and, in
// a long unpunctuated turn, before a question, a finding or an order. A highlight can then mark the
// one sentence a summary line came from instead of a whole ASR turn.
//
// The writer's splitter returns text, not offsets; it only ever drops or collapses whitespace, so
// its sentences' non-blank characters are the line's, in order, and counting them maps each back.

import { fixAsrSpacing } from "../summarizers/embedded/normalize";
import { splitSentences as splitSpokenLine } from "../summarizers/embedded/parse-consultation";
import type { Segment } from "./sentences";
import type { WorkMeter } from "./work-meter";

// The writer splits and trims with JavaScript's \s, so "blank" here is the same set.
const NON_BLANK = /\S/g;

function nonBlankCount(text: string): number {
  return text.match(/\S/g)?.length ?? 0;
}

function lineSegments(line: string, offset: number, segments: Segment[]): void {
  let at = 0;
  for (const sentence of splitSpokenLine(fixAsrSpacing(line))) {
    let start = -1;
    let end = -1;
    NON_BLANK.lastIndex = at;
    for (let left = nonBlankCount(sentence); left > 0; left--) {
      const found = NON_BLANK.exec(line);
      if (!found) break;
      if (start < 0) start = found.index;
      end = found.index + found[0].length;
    }
    if (start < 0) continue;
    at = end;
    segments.push({ text: line.slice(start, end), start: offset + start, end: offset + end });
  }
}

/** Every line's sentences as the note writer splits them, with offsets into `text`. */
export function spokenSegments(text: string, meter?: WorkMeter): Segment[] {
  const segments: Segment[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    lineSegments(line, offset, segments);
    meter?.add(3 * line.length + 1);
    offset += line.length + 1;
  }
  return segments;
}
