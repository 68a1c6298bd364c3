// Reading the embedded writer's selection by section key, for the formats built on top of it.
import type { SelectedSection } from "../summarizers/embedded/select";

/** The lines selected under any of the given section keys, in the order of the keys. */
export function linesUnder(selected: readonly SelectedSection[], ...keys: string[]): string[] {
  return keys.flatMap((key) => selected.filter((s) => s.section.key === key).flatMap((s) => s.sentences));
}

const AGE = /\b(?:\d+|[a-z]+(?:-[a-z]+)?)[- ]years?[- ]old\b/i;

/**
 * The demographic line the writer opens the history with ("Martha is a 50-year-old female…"),
 * when the visit states one.
 */
export function demographicLineOf(selected: readonly SelectedSection[]): string | undefined {
  const first = linesUnder(selected, "history_of_present_illness")[0];
  return first && AGE.test(first) ? first : undefined;
}

/** Markdown the summary parser reads: a level-2 heading and one bullet per line; nothing when empty. */
export function headedSection(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : [`## ${title}\n${lines.map((line) => `- ${line}`).join("\n")}`];
}
