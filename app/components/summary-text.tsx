import { useId, useMemo } from "react";

import { sectionToPlainText } from "~/summaries/exports/markdown-and-plain-text";
import { sectionsOf } from "~/summaries/exports/summary-sections";
import { flagReason } from "~/summaries/flag-reason";
import { exceedsCheckedLines, type SourceCheck } from "~/summaries/source-check";
import type { ItemGrounding } from "~/summaries/summary-grounding";
import { parseSummaryMarkdown, summaryItems } from "~/summaries/summary-markdown";

import { CopyButton } from "./copy-button";

export interface SourceSpan {
  start: number;
  end: number;
}

interface SummaryTextProps {
  text: string;
  /** The server's check of this text against the notes: checked items show their source. */
  check?: SourceCheck | null;
  onShowSource?: (span: SourceSpan | null) => void;
  /** A Copy button by each section heading (its lines as plain text, for that EHR field). */
  copySections?: boolean;
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
  const reason = flagReason(grounding);
  const flagId = useId();
  // The flag sits after the button, not in it: the button's wavy underline would run through it.
  // It is text (printed too), and the button's description, so a screen reader reads it with the item.
  return (
    <>
      <button
        type="button"
        className={reason ? "summary-item weak" : "summary-item"}
        onClick={() =>
          onShowSource(found ? { start: grounding.sourceStart, end: grounding.sourceEnd } : null)
        }
        aria-label={`${text}. Show where this comes from in the notes.`}
        aria-describedby={reason ? flagId : undefined}
      >
        {text}
      </button>
      {reason ? (
        <span className="verify-flag" id={flagId}>{`Check against the notes: ${reason}`}</span>
      ) : null}
    </>
  );
}

/**
 * Markdown-lite summary as text. With a check of this very text, each item shows its source and
 * weak ones are flagged. A text too long to check line by line is shown as it is, in one block.
 */
export function SummaryText({ text, check, onShowSource, copySections }: SummaryTextProps) {
  const blocks = useMemo(() => (exceedsCheckedLines(text) ? null : parseSummaryMarkdown(text)), [text]);
  // The n-th heading rendered is the n-th titled section: both come from parseSummaryMarkdown.
  const titledSections = useMemo(
    () => (blocks && copySections ? sectionsOf(text).filter((section) => section.title !== null) : []),
    [blocks, copySections, text],
  );
  if (!blocks) return <div className="summary-text plain-text">{text}</div>;
  const groundings =
    check?.status === "checked" && onShowSource && check.items.length === summaryItems(text).length
      ? check.items
      : undefined;
  // Items render in summaryItems' order, so the n-th item rendered has the n-th grounding.
  let nextItem = 0;
  let nextSection = 0;
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
        if (block.kind === "heading") {
          const section = titledSections[nextSection++];
          if (!section || section.blocks.length === 0) return <h3 key={index}>{block.text}</h3>;
          return (
            <div className="section-heading" key={index}>
              <h3>{block.text}</h3>
              <CopyButton
                label="Copy"
                accessibleName={`Copy ${block.text}`}
                className="section-copy"
                getText={() => sectionToPlainText(section, { headings: false })}
              />
            </div>
          );
        }
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
