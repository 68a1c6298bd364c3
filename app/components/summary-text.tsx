import { useMemo } from "react";

import { groundItem, type ItemGrounding } from "~/summaries/summary-grounding";
import { parseSummaryMarkdown } from "~/summaries/summary-markdown";

export interface SourceSpan {
  start: number;
  end: number;
}

interface SummaryTextProps {
  text: string;
  /** The consultation notes: when given, items can be checked against them. */
  notes?: string;
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
  return (
    <button
      type="button"
      className={grounding.supported ? "summary-item" : "summary-item weak"}
      onClick={() => onShowSource(found ? { start: grounding.sourceStart, end: grounding.sourceEnd } : null)}
      aria-label={`${text}${grounding.supported ? "" : " (check against the notes)"}. Show where this comes from in the notes.`}
    >
      {text}
      {grounding.supported ? null : <span className="verify-flag"> Check against the notes</span>}
    </button>
  );
}

/** Markdown-lite summary as text; with notes, each item shows its source and weak ones are flagged. */
export function SummaryText({ text, notes, onShowSource }: SummaryTextProps) {
  const blocks = useMemo(() => parseSummaryMarkdown(text), [text]);
  const checkable = notes !== undefined && onShowSource !== undefined;
  const renderItem = (item: string) =>
    checkable ? (
      <GroundedItem text={item} grounding={groundItem(item, notes)} onShowSource={onShowSource} />
    ) : (
      item
    );
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
