// A summary's Markdown-lite text (`## Section` headings and `- ` bullets) as the exports read it:
// sections of paragraphs and bullet lists, with inline Markdown flattened to plain text.
import { splitLinks, stripCodeSpans, stripDelimited, stripEmphasisMarkers } from "@consult-summary/core/text";

import { parseSummaryMarkdown } from "../summary-markdown";

export interface Section {
  /** null for text before the first heading. */
  title: string | null;
  blocks: ({ kind: "list"; items: string[] } | { kind: "paragraph"; text: string })[];
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Removes inline Markdown that parseSummaryMarkdown leaves: emphasis, code, links, escapes. */
export function stripInline(text: string): string {
  let out = splitLinks(text)
    .map((part) => {
      if (part.kind === "text") return part.text;
      const { label, url } = part;
      return label && url && label !== url ? `${label} (${url})` : label || url;
    })
    .join("");
  out = stripCodeSpans(out);
  out = stripDelimited(out, "**");
  out = stripDelimited(out, "__");
  out = stripEmphasisMarkers(out, "*");
  out = stripEmphasisMarkers(out, "_");
  out = stripDelimited(out, "~~");
  return out.replace(/\\([\\`*_{}[\]()#+\-.!])/g, "$1");
}

export function sectionsOf(text: string): Section[] {
  const sections: Section[] = [];
  for (const block of parseSummaryMarkdown(text.replace(/\r\n?/g, "\n"))) {
    if (block.kind === "heading") {
      sections.push({ title: block.text, blocks: [] });
      continue;
    }
    let current = sections.at(-1);
    if (!current) {
      current = { title: null, blocks: [] };
      sections.push(current);
    }
    const last = current.blocks.at(-1);
    if (block.kind === "list" && last?.kind === "list") {
      // A loop rather than push(...items): tens of thousands of arguments overflow the stack.
      for (const item of block.items) last.items.push(item);
    } else current.blocks.push(block.kind === "list" ? { kind: "list", items: [...block.items] } : block);
  }
  return sections;
}
