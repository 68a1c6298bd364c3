import { useId, useMemo, useState, type KeyboardEvent } from "react";

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

interface ItemFocus {
  /** Only one line is a tab stop; the arrow keys move between lines (see moveBetweenItems). */
  tabbable: boolean;
  onFocus: () => void;
}

function GroundedItem({
  text,
  grounding,
  onShowSource,
  focus,
}: {
  text: string;
  grounding: ItemGrounding;
  onShowSource: (span: SourceSpan | null) => void;
  focus: ItemFocus;
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
        tabIndex={focus.tabbable ? 0 : -1}
        onFocus={focus.onFocus}
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

const ITEM_KEYS: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (index, count) => Math.min(index + 1, count - 1),
  ArrowRight: (index, count) => Math.min(index + 1, count - 1),
  ArrowUp: (index) => Math.max(index - 1, 0),
  ArrowLeft: (index) => Math.max(index - 1, 0),
  Home: () => 0,
  End: (_index, count) => count - 1,
};

/** Arrow keys, Home and End move focus between the summary's lines. */
function moveBetweenItems(event: KeyboardEvent<HTMLDivElement>): void {
  const move = ITEM_KEYS[event.key];
  if (!move) return;
  const items = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button.summary-item")];
  const index = items.indexOf(event.target as HTMLButtonElement);
  if (index < 0) return;
  event.preventDefault();
  items[move(index, items.length)]?.focus();
}

/**
 * Markdown-lite summary as text. With a check of this very text, each item shows its source and
 * weak ones are flagged; the lines are one tab stop, so that what follows them is a few Tab
 * presses away. A text too long to check line by line is shown as it is, in one block.
 */
export function SummaryText({ text, check, onShowSource, copySections }: SummaryTextProps) {
  const [focused, setFocused] = useState(0);
  const hintId = useId();
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
  const tabStop = Math.min(focused, (groundings?.length ?? 1) - 1);
  let nextItem = 0;
  let nextSection = 0;
  const renderItem = (item: string) => {
    const index = nextItem++;
    const grounding = groundings?.[index];
    const focus = { tabbable: index === tabStop, onFocus: () => setFocused(index) };
    return grounding && onShowSource ? (
      <GroundedItem text={item} grounding={grounding} onShowSource={onShowSource} focus={focus} />
    ) : (
      item
    );
  };
  return (
    <>
      {groundings ? (
        <p id={hintId} className="visually-hidden">
          Use the arrow keys to move between the summary&apos;s lines.
        </p>
      ) : null}
      <div
        className="summary-text"
        {...(groundings ? { role: "group", "aria-describedby": hintId, onKeyDown: moveBetweenItems } : {})}
      >
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
    </>
  );
}
