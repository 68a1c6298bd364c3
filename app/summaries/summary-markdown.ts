// Markdown-lite: the only formatting summaries use. Rendered as React text, never as HTML.

import { stripDelimited } from "@consult-summary/core/text";

export type SummaryBlock =
  { kind: "heading"; text: string } | { kind: "list"; items: string[] } | { kind: "paragraph"; text: string };

// The content starts with a non-space so that "\s+" and "." cannot trade characters (which made a
// long run of spaces before a line break quadratic); the matches are the same.
const HEADING = /^#{1,6}\s+(\S.*)$/;
const BULLET = /^\s*[-*•]\s+(\S.*)$/;

function stripEmphasis(text: string): string {
  return stripDelimited(stripDelimited(text, "**"), "__");
}

export function parseSummaryMarkdown(text: string): SummaryBlock[] {
  const blocks: SummaryBlock[] = [];
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trimEnd();
    if (!line.trim()) continue;
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const last = blocks.at(-1);
    if (heading) blocks.push({ kind: "heading", text: stripEmphasis(heading[1]!.trim()) });
    else if (bullet && last?.kind === "list") last.items.push(stripEmphasis(bullet[1]!));
    else if (bullet) blocks.push({ kind: "list", items: [stripEmphasis(bullet[1]!)] });
    else blocks.push({ kind: "paragraph", text: stripEmphasis(line.trim()) });
  }
  return blocks;
}

/**
 * The items of a summary, in the order `groundSummary` returns their groundings: the blocks of
 * `parseSummaryMarkdown(text)` in document order, headings skipped, each paragraph contributing its
 * `text` and each list its `items` one by one. These are exactly the strings a renderer of those
 * blocks shows as items, so the n-th grounding belongs to the n-th paragraph-or-list-item.
 */
export function summaryItems(text: string): string[] {
  const items: string[] = [];
  for (const block of parseSummaryMarkdown(text)) {
    if (block.kind === "paragraph") items.push(block.text);
    else if (block.kind === "list") for (const item of block.items) items.push(item);
  }
  return items;
}
