// A referral letter from the selected note lines: a greeting, the patient as the visit names them,
// headed sections a colleague reads in this order, and a closing. Nothing but connective phrases
// is added: no names, dates or signatures the visit did not say.
import type { SelectedSection } from "../summarizers/embedded/select";
import { demographicLineOf, headedSection, linesUnder } from "./selected-lines";

export const LETTER_GREETING = "Dear colleague,";
export const LETTER_OPENING = "This patient is referred for assessment.";
export const LETTER_CLOSING = "Thank you for seeing this patient.";
/** The letter's fixed lines, addressed to the colleague. */
export const LETTER_PHRASES: readonly string[] = [LETTER_GREETING, LETTER_OPENING, LETTER_CLOSING];

const REFERS = /\brefer/i;

function withoutLine(lines: readonly string[], line: string | undefined): string[] {
  return lines.filter((candidate) => candidate !== line);
}

/** The referral letter as Markdown-lite: paragraphs, `## Heading` and `- line` only. */
export function composeReferralLetter(selected: readonly SelectedSection[]): string {
  const demographic = demographicLineOf(selected);
  const complaint = linesUnder(selected, "chief_complaint");
  const plan = linesUnder(selected, "plan");
  const referrals = plan.filter((line) => REFERS.test(line));
  const opening = [LETTER_OPENING, demographic].filter(Boolean).join(" ");
  // Without a referral line the complaint is the reason; with one, the complaint opens the letter.
  const presenting =
    referrals.length > 0 && complaint.length > 0 ? [`Presenting complaint: ${complaint.join(" ")}`] : [];
  const sections = [
    ...headedSection("Reason for referral", referrals.length > 0 ? referrals : complaint),
    ...headedSection(
      "History",
      withoutLine(linesUnder(selected, "history_of_present_illness"), demographic).concat(
        linesUnder(selected, "past_medical_history", "past_surgical_history", "family_social_history"),
      ),
    ),
    ...headedSection("Examination", linesUnder(selected, "examination")),
    ...headedSection("Results", linesUnder(selected, "results")),
    ...headedSection("Current medications", linesUnder(selected, "medications")),
    ...headedSection("Allergies", linesUnder(selected, "allergies")),
    ...headedSection("Assessment", withoutLine(linesUnder(selected, "assessment"), demographic)),
    ...headedSection(
      "Plan so far",
      plan.filter((line) => !referrals.includes(line)).concat(linesUnder(selected, "follow_up")),
    ),
  ];
  return [LETTER_GREETING, opening, ...presenting, ...sections, LETTER_CLOSING].join("\n\n");
}
