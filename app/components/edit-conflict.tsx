import { diffWords } from "diff";
import { useId, useMemo, useState } from "react";

export interface EditConflictBody {
  code: "edit_conflict";
  message: string;
  mine: string;
  theirs: string;
  theirsRevision: number;
  theirsSummaryId: string;
}

export function isEditConflict(error: unknown): error is EditConflictBody {
  return (error as { code?: unknown } | null)?.code === "edit_conflict";
}

/** One text of the two, with what the other lacks marked: added words in mine, removed in theirs. */
function MarkedText({ text, other, side }: { text: string; other: string; side: "mine" | "theirs" }) {
  const parts = useMemo(
    () => (side === "mine" ? diffWords(other, text) : diffWords(text, other)),
    [text, other, side],
  );
  return (
    <pre className="conflict-text">
      {parts.map((part, index) => {
        if (side === "mine" && part.removed) return null;
        if (side === "theirs" && part.added) return null;
        const changed = side === "mine" ? part.added : part.removed;
        return changed ? (
          <mark key={index} className={side === "mine" ? "diff-mine" : "diff-theirs"}>
            {part.value}
          </mark>
        ) : (
          <span key={index}>{part.value}</span>
        );
      })}
    </pre>
  );
}

/**
 * A save that met a newer text: says so, and lets the clinician keep theirs (what they typed,
 * saved on top of the newer text), take the newer text, or view both side by side first.
 * Nothing is discarded until they choose.
 */
export function EditConflict({
  conflict,
  mine,
  busy,
  onKeepMine,
  onTakeTheirs,
}: {
  conflict: EditConflictBody;
  mine: string;
  busy: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const [viewBoth, setViewBoth] = useState(false);
  const compareId = useId();
  const theirsLabel =
    conflict.theirsRevision === 0
      ? "Theirs (the model's text)"
      : `Theirs (revision ${conflict.theirsRevision})`;
  return (
    <section className="edit-conflict" aria-labelledby={`${compareId}-title`}>
      <h3 id={`${compareId}-title`}>Not saved: the summary changed meanwhile</h3>
      <p role="alert">{`${conflict.message} Your text is still in the editor. Choose what to keep.`}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onKeepMine} disabled={busy}>
          Keep mine
        </button>
        <button type="button" onClick={onTakeTheirs} disabled={busy}>
          Take theirs
        </button>
        <button
          type="button"
          aria-expanded={viewBoth}
          aria-controls={compareId}
          onClick={() => setViewBoth((shown) => !shown)}
        >
          View both
        </button>
      </div>
      <p className="small muted">
        Keep mine saves your text as the newest revision; theirs stays in the history. Take theirs closes the
        editor and shows their text.
      </p>
      {viewBoth ? (
        <div className="conflict-compare" id={compareId}>
          <section aria-label="Yours">
            <h4>Yours (not saved)</h4>
            <MarkedText text={mine} other={conflict.theirs} side="mine" />
          </section>
          <section aria-label={theirsLabel}>
            <h4>{theirsLabel}</h4>
            <MarkedText text={conflict.theirs} other={mine} side="theirs" />
          </section>
        </div>
      ) : null}
    </section>
  );
}
