// Markdown-lite output: "## Title" + "- sentence" bullets, or plain prose for a single section.

import type { SelectedSection } from "./select";

export function composeSummary(selected: SelectedSection[]): string {
  const withContent = selected.filter((s) => s.sentences.length > 0);
  if (selected.length === 1) return (withContent[0]?.sentences ?? []).join(" ");
  return withContent
    .map((s) => [`## ${s.section.title}`, ...s.sentences.map((sentence) => `- ${sentence}`)].join("\n"))
    .join("\n\n");
}
