// A patient-friendly after-visit summary from the selected note lines: plain language, second
// person, under headings a patient looks for.
import type { SelectedSection } from "../summarizers/embedded/select";
import { toPlainLanguage } from "./plain-language";
import { demographicLineOf, headedSection, linesUnder } from "./selected-lines";

export const PATIENT_SUMMARY_TITLES = {
  reason: "Why you came in",
  found: "What we found",
  medicines: "Your medicines",
  allergies: "Your allergies",
  next: "What to do next",
  comeBack: "When to come back or get help",
} as const;

const COME_BACK = /\b(?:follow[- ]up|come back|return|emergency|call)\b/i;

/** The after-visit summary as Markdown-lite: `## Heading` and `- line` only. */
export function composePatientSummary(selected: readonly SelectedSection[]): string {
  const demographic = demographicLineOf(selected);
  const plain = (lines: readonly string[]) => lines.map(toPlainLanguage);
  const plan = linesUnder(selected, "plan");
  const titles = PATIENT_SUMMARY_TITLES;
  return [
    ...headedSection(titles.reason, plain(linesUnder(selected, "chief_complaint"))),
    ...headedSection(
      titles.found,
      plain(
        linesUnder(selected, "examination", "results", "assessment").filter((line) => line !== demographic),
      ),
    ),
    ...headedSection(titles.medicines, plain(linesUnder(selected, "medications"))),
    ...headedSection(titles.allergies, plain(linesUnder(selected, "allergies"))),
    ...headedSection(titles.next, plain(plan.filter((line) => !COME_BACK.test(line)))),
    ...headedSection(
      titles.comeBack,
      plain(plan.filter((line) => COME_BACK.test(line)).concat(linesUnder(selected, "follow_up"))),
    ),
  ].join("\n\n");
}
