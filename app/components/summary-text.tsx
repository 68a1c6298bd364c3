import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";

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
  selected,
  tabStop,
  onActivate,
}: {
  text: string;
  grounding: ItemGrounding;
  selected: boolean;
  /** The one line of the summary that Tab reaches (the others by the arrow keys). */
  tabStop: boolean;
  onActivate: () => void;
}) {
  const reason = flagReason(grounding);
  const flagId = useId();
  // The flag sits after the button, not in it: the button's wavy underline would run through it.
  // It is text (printed too), and the button's description, so a screen reader reads it with the item.
  return (
    <>
      <button
        type="button"
        className={reason ? "summary-item weak" : "summary-item"}
        aria-current={selected ? "true" : undefined}
        tabIndex={tabStop ? 0 : -1}
        onClick={onActivate}
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

const LINE_KEYS: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (index, count) => Math.min(count - 1, index + 1),
  ArrowUp: (index) => Math.max(0, index - 1),
  Home: () => 0,
  End: (_index, count) => count - 1,
};

/**
 * The grounded lines as one composite widget: the selected line (until another is chosen or Esc)
 * and one tab stop for all of them, so that what follows them is a few Tab presses away; the arrow
 * keys move between lines, Enter or Space choose.
 */
function useLineSelection(text: string, onShowSource: ((span: SourceSpan | null) => void) | undefined) {
  const [selected, setSelected] = useState<number | null>(null);
  const [tabStop, setTabStop] = useState(0);
  const lines = useRef<HTMLDivElement>(null);
  // A new text has other lines: what was chosen in the old one no longer applies.
  const shown = useRef(text);
  useEffect(() => {
    if (shown.current === text) return;
    shown.current = text;
    setSelected(null);
    setTabStop(0);
    onShowSource?.(null);
    // Only the text decides; the handler is the page's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  // Lines that go (the editor takes their place, a new summary comes) take their choice with them:
  // no sentence stays marked in the notes with no line chosen.
  // (The handler comes only once the text is checked, so the latest one is called.)
  const latestShowSource = useRef(onShowSource);
  useEffect(() => {
    latestShowSource.current = onShowSource;
  }, [onShowSource]);
  useEffect(() => () => latestShowSource.current?.(null), []);

  /** Choosing line `index`: called by a click, and by Enter or Space on the focused line. */
  const activateLine = (index: number, grounding: ItemGrounding) => {
    setSelected(index);
    setTabStop(index);
    const found = grounding.sourceStart >= 0;
    onShowSource?.(found ? { start: grounding.sourceStart, end: grounding.sourceEnd } : null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(lines.current?.querySelectorAll<HTMLElement>(".summary-item") ?? [])];
    const index = buttons.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    if (event.key === "Escape" && selected !== null) {
      event.preventDefault();
      setSelected(null);
      onShowSource?.(null);
      return;
    }
    const move = LINE_KEYS[event.key];
    if (!move) return;
    event.preventDefault();
    const next = move(index, buttons.length);
    setTabStop(next);
    buttons[next]?.focus();
  };

  return { selected, tabStop, activateLine, lines, onKeyDown };
}

/**
 * Markdown-lite summary as text. With a check of this very text, each item shows its source and
 * weak ones are flagged with the reason. A text too long to check line by line is shown as it is,
 * in one block.
 */
export function SummaryText({ text, check, onShowSource, copySections }: SummaryTextProps) {
  const blocks = useMemo(() => (exceedsCheckedLines(text) ? null : parseSummaryMarkdown(text)), [text]);
  // The n-th heading rendered is the n-th titled section: both come from parseSummaryMarkdown.
  const titledSections = useMemo(
    () => (blocks && copySections ? sectionsOf(text).filter((section) => section.title !== null) : []),
    [blocks, copySections, text],
  );
  const { selected, tabStop, activateLine, lines, onKeyDown } = useLineSelection(text, onShowSource);
  const hintId = useId();
  if (!blocks) return <div className="summary-text plain-text">{text}</div>;
  const groundings =
    check?.status === "checked" && onShowSource && check.items.length === summaryItems(text).length
      ? check.items
      : undefined;
  // Items render in summaryItems' order, so the n-th item rendered has the n-th grounding.
  let nextItem = 0;
  let nextSection = 0;
  const renderItem = (item: string) => {
    const index = nextItem++;
    const grounding = groundings?.[index];
    return grounding ? (
      <GroundedItem
        text={item}
        grounding={grounding}
        selected={selected === index}
        tabStop={tabStop === index}
        onActivate={() => activateLine(index, grounding)}
      />
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
      {/* The arrow keys and Esc bubble up from the lines' buttons. */}
      <div
        className="summary-text"
        ref={lines}
        {...(groundings ? { role: "group", "aria-describedby": hintId, onKeyDown } : {})}
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
