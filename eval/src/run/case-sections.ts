import { mtsSection } from "../../../app/summarize/embedded/index";
import type { PromptFile } from "../../../app/prompts/prompt-file";
import type { SummarySection } from "../../../app/summarize/types";

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
