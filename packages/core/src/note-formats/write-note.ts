// The embedded writer in every format: the clinical note exactly as the writer composes it, or the
// same selected lines arranged as a referral letter or an after-visit summary.
import { summarizeConsultation } from "../summarizers/embedded/index";
import { selectSentences, type SelectedSection } from "../summarizers/embedded/select";
import { withTokenMemo } from "../summarizers/embedded/tokens";
import type { SummarySection } from "../summarizers/types";
import type { NoteFormat } from "./note-format";
import { composePatientSummary } from "./patient-summary";
import { composeReferralLetter } from "./referral-letter";

const COMPOSERS: Record<Exclude<NoteFormat, "note">, (selected: readonly SelectedSection[]) => string> = {
  letter: composeReferralLetter,
  "patient-summary": composePatientSummary,
};

/** Writes a consultation's summary in the given format. Pure and deterministic. */
export function writeNote(notes: string, sections: SummarySection[], format: NoteFormat): string {
  if (format === "note") return summarizeConsultation(notes, sections);
  const compose = COMPOSERS[format];
  return withTokenMemo(() => compose(selectSentences(notes, sections)));
}
