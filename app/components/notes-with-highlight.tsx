import { useEffect, useRef } from "react";

import type { SourceSpan } from "./summary-text";

function scrollBehavior(): ScrollBehavior {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
}

/**
 * Brings the mark into view by scrolling the notes box only, where the notes scroll on their own
 * (side by side with the summary, which must not move); otherwise the page, as on a tablet.
 */
function reveal(box: HTMLElement, mark: HTMLElement) {
  const behavior = scrollBehavior();
  if (box.scrollHeight <= box.clientHeight || getComputedStyle(box).overflowY === "visible") {
    mark.scrollIntoView({ block: "center", behavior });
    return;
  }
  const markBox = mark.getBoundingClientRect();
  const top = markBox.top - box.getBoundingClientRect().top + box.scrollTop;
  const room = box.clientHeight - markBox.height;
  // A sentence taller than the box starts at its top; a shorter one is centred.
  box.scrollTo({ top: Math.max(0, room > 0 ? top - room / 2 : top - 8), behavior });
}

/** The consultation notes as typed, with the span a summary item came from marked. */
export function NotesWithHighlight({
  notes,
  highlight,
  shown = true,
}: {
  notes: string;
  highlight: SourceSpan | null;
  /** False while the notes are behind a tab: the mark is brought into view when they show. */
  shown?: boolean;
}) {
  const box = useRef<HTMLPreElement>(null);
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    if (shown && box.current && mark.current) reveal(box.current, mark.current);
  }, [highlight, shown]);
  // Focusable so the scrollable notes can be read with the keyboard.
  const region = { className: "notes-text", tabIndex: 0, "aria-label": "Consultation notes", ref: box };
  if (!highlight) return <pre {...region}>{notes}</pre>;
  return (
    <pre {...region}>
      {notes.slice(0, highlight.start)}
      <mark ref={mark}>{notes.slice(highlight.start, highlight.end)}</mark>
      {notes.slice(highlight.end)}
    </pre>
  );
}
