import { mtsSection } from "@consult-summary/core/summarizers";
import type { PromptFile } from "@consult-summary/core/prompts";
import type { SummarySection } from "@consult-summary/core/summarizers";

/**
 * The sections a case asks for: all of the prompt's, or just the case's `section` — given as a
 * prompt section key (`plan`) or an MTS-Dialog header (`GENHX`).
 */
export function sectionsForCase(prompt: PromptFile, section: string | undefined): SummarySection[] {
  if (!section) return prompt.sections;
  const byKey = prompt.sections.find((candidate) => candidate.key === section);
  if (byKey) return [byKey];
  const mapped = mtsSection(section);
  return [prompt.sections.find((candidate) => candidate.key === mapped.key) ?? mapped];
}
