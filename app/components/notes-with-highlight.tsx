import { useEffect, useRef } from "react";

import type { SourceSpan } from "./summary-text";

/** The consultation notes as typed, with the span a summary item came from marked. */
export function NotesWithHighlight({ notes, highlight }: { notes: string; highlight: SourceSpan | null }) {
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    mark.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [highlight]);
  if (!highlight) return <pre className="notes-text">{notes}</pre>;
  return (
    <pre className="notes-text">
      {notes.slice(0, highlight.start)}
      <mark ref={mark}>{notes.slice(highlight.start, highlight.end)}</mark>
      {notes.slice(highlight.end)}
    </pre>
  );
}
