import { useEffect, useRef } from "react";

import type { SourceSpan } from "./summary-text";

/** The consultation notes as typed, with the span a summary item came from marked. */
export function NotesWithHighlight({ notes, highlight }: { notes: string; highlight: SourceSpan | null }) {
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    mark.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [highlight]);
  // Focusable so the scrollable notes can be read with the keyboard.
  const region = { className: "notes-text", tabIndex: 0, "aria-label": "Consultation notes" };
  if (!highlight) return <pre {...region}>{notes}</pre>;
  return (
    <pre {...region}>
      {notes.slice(0, highlight.start)}
      <mark ref={mark}>{notes.slice(highlight.start, highlight.end)}</mark>
      {notes.slice(highlight.end)}
    </pre>
  );
}
