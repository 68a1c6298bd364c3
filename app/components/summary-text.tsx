import { useMemo } from "react";

import { exceedsCheckedLines, type SourceCheck } from "~/summaries/source-check";
import type { ItemGrounding } from "~/summaries/summary-grounding";
import { parseSummaryMarkdown, summaryItems } from "~/summaries/summary-markdown";

export interface SourceSpan {
  start: number;
  end: number;
}

interface SummaryTextProps {
  text: string;
  /** The server's check of this text against the notes: checked items show their source. */
  check?: SourceCheck | null;
  onShowSource?: (span: SourceSpan | null) => void;
}

function GroundedItem({
  text,
  grounding,
  onShowSource,
}: {
  text: string;
  grounding: ItemGrounding;
  onShowSource: (span: SourceSpan | null) => void;
}) {
  const found = grounding.sourceStart >= 0;
  const why = grounding.issues?.map((issue) => issue.reason).join("; ");
  const flag = grounding.supported ? "" : why ? `Check against the notes: ${why}` : "Check against the notes";
  // The flag sits after the button, not in it: the button's wavy underline would run through it.
  return (
    <>
      <button
        type="button"
        className={grounding.supported ? "summary-item" : "summary-item weak"}
        onClick={() =>
          onShowSource(found ? { start: grounding.sourceStart, end: grounding.sourceEnd } : null)
        }
        aria-label={`${text}${flag ? ` (${flag})` : ""}. Show where this comes from in the notes.`}
      >
        {text}
      </button>
      {flag ? <span className="verify-flag">{flag}</span> : null}
    </>
  );
}

/**
 * Markdown-lite summary as text. With a check of this very text, each item shows its source and
 * weak ones are flagged. A text too long to check line by line is shown as it is, in one block.
 */
export function SummaryText({ text, check, onShowSource }: SummaryTextProps) {
  const blocks = useMemo(() => (exceedsCheckedLines(text) ? null : parseSummaryMarkdown(text)), [text]);
  if (!blocks) return <div className="summary-text plain-text">{text}</div>;
  const groundings =
    check?.status === "checked" && onShowSource && check.items.length === summaryItems(text).length
      ? check.items
      : undefined;
  // Items render in summaryItems' order, so the n-th item rendered has the n-th grounding.
  let nextItem = 0;
  const renderItem = (item: string) => {
    const grounding = groundings?.[nextItem++];
    return grounding && onShowSource ? (
      <GroundedItem text={item} grounding={grounding} onShowSource={onShowSource} />
    ) : (
      item
    );
  };
  return (
    <div className="summary-text">
      {blocks.map((block, index) => {
        if (block.kind === "heading") return <h3 key={index}>{block.text}</h3>;
        if (block.kind === "paragraph") return <p key={index}>{renderItem(block.text)}</p>;
        return (
          <ul key={index}>
            {block.items.map((item, itemIndex) => (
              <li key={itemIndex}>{renderItem(item)}</li>
            ))}
          </ul>
        );
      })}
    </div>
  );
}
