// Two checks of an output beside ROUGE and grounding, both from @consult-summary/core/facts and both
// on the sentences grounding scores (`outputSentences`: headings and bare labels dropped, list
// markers stripped, every line split into sentences):
//
//   - fact support: the share of those sentences in which the fact check (`checkFacts`, against the
//     case's notes, indexed once per case) finds nothing the notes do not support — a number, dose,
//     unit, frequency, date, side, medicine, diagnosis or allergy the notes never say, a negation
//     flip, or a question written as a finding; 1 when there are no sentences;
//   - conversational register: the share of those sentences that read as speech (second person,
//     first-person speech, fillers, questions; `conversationalCues`); 0 when there are none. Lower
//     is better.

import {
  checkFacts,
  conversationalCues,
  indexFacts,
  type FactIssue,
  type RegisterFlag,
} from "@consult-summary/core/facts";
import { outputSentences } from "@consult-summary/core/text";

export interface LocatedFactIssue extends FactIssue {
  /** The output sentence it was found in. */
  line: string;
}

export interface FactSupportResult {
  /** Share (0–1) of output sentences without any issue; 1 when there are none. */
  score: number;
  sentences: number;
  issues: LocatedFactIssue[];
}

export function scoreFactSupport(output: string, notes: string): FactSupportResult {
  const sentences = outputSentences(output);
  const facts = indexFacts(notes);
  const issues: LocatedFactIssue[] = [];
  let clean = 0;
  for (const line of sentences) {
    const found = checkFacts(line, facts);
    if (found.length === 0) clean++;
    for (const issue of found) issues.push({ line, ...issue });
  }
  return {
    score: sentences.length === 0 ? 1 : clean / sentences.length,
    sentences: sentences.length,
    issues,
  };
}

export interface ConversationalLine {
  line: string;
  cues: RegisterFlag[];
}

export interface RegisterResult {
  /** Share (0–1) of output sentences in conversational register; 0 when there are none. */
  share: number;
  sentences: number;
  lines: ConversationalLine[];
}

export function scoreRegister(output: string): RegisterResult {
  const sentences = outputSentences(output);
  const lines: ConversationalLine[] = [];
  for (const line of sentences) {
    const cues = conversationalCues(line);
    if (cues.length > 0) lines.push({ line, cues });
  }
  return {
    share: sentences.length === 0 ? 0 : lines.length / sentences.length,
    sentences: sentences.length,
    lines,
  };
}
