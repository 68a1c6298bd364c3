import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";

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
  const why = grounding.issues?.map((issue) => issue.reason).join("; ");
  const flag = grounding.supported ? "" : why ? `Check against the notes: ${why}` : "Check against the notes";
  // The flag sits after the button, not in it: the button's wavy underline would run through it.
  return (
    <>
      <button
        type="button"
        className={grounding.supported ? "summary-item" : "summary-item weak"}
        aria-current={selected ? "true" : undefined}
        tabIndex={tabStop ? 0 : -1}
        onClick={onActivate}
        aria-label={`${text}${flag ? ` (${flag})` : ""}. Show where this comes from in the notes.`}
      >
        {text}
      </button>
      {flag ? <span className="verify-flag">{flag}</span> : null}
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
 * and one tab stop for all of them, the arrow keys moving between lines, Enter or Space choosing.
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
 * weak ones are flagged. A text too long to check line by line is shown as it is, in one block.
 */
export function SummaryText({ text, check, onShowSource }: SummaryTextProps) {
  const blocks = useMemo(() => (exceedsCheckedLines(text) ? null : parseSummaryMarkdown(text)), [text]);
  const { selected, tabStop, activateLine, lines, onKeyDown } = useLineSelection(text, onShowSource);
  if (!blocks) return <div className="summary-text plain-text">{text}</div>;
  const groundings =
    check?.status === "checked" && onShowSource && check.items.length === summaryItems(text).length
      ? check.items
      : undefined;
  // Items render in summaryItems' order, so the n-th item rendered has the n-th grounding.
  let nextItem = 0;
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
    // The arrow keys and Esc bubble up from the lines' buttons.
    <div className="summary-text" ref={lines} onKeyDown={groundings ? onKeyDown : undefined}>
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
