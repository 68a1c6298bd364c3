import type { ReactNode } from "react";

import { ReviewRatingForm, ReviewShortcuts } from "./review-rating-form";
import { SummaryText } from "./summary-text";

interface SingleView {
  version: string;
  run: { runId: string; provider: string; model: string; dataset: string };
  note: string | null;
  item: { caseId: string; notes: string; output: string; outputHash: string };
  position: number;
  total: number;
  remaining: number;
}

interface BlindView {
  caseId: string;
  notes: string;
  sides: Array<{ side: "A" | "B"; output: string; outputHash: string; rated: boolean }>;
  activeSide: "A" | "B";
  total: number;
  remaining: number;
  mismatched: number;
}

interface Reveal {
  caseId: string;
  sides: Array<{ side: "A" | "B"; version: string; clarity: number | null }>;
}

/** Which note type a queue rates, in its heading; a draft says it is not deployed yet. */
export function NoteTypeName({ label, draft }: { label: string; draft: boolean }) {
  return <span className="review-note-type">{`(${label}${draft ? ", draft" : ""})`}</span>;
}

function Consultation({ notes }: { notes: string }) {
  return (
    <section className="card review-notes" aria-labelledby="review-notes-title">
      <h2 id="review-notes-title">Consultation</h2>
      {/* Focusable so the scrollable notes can be read with the keyboard. */}
      <pre className="notes-text" tabIndex={0} aria-label="Consultation notes">
        {notes}
      </pre>
    </section>
  );
}

/** One output of one version beside its consultation, with the rating form. */
export function ReviewSingleCase({
  view,
  noteType,
  error,
}: {
  view: SingleView;
  noteType: ReactNode;
  error?: string;
}) {
  return (
    <>
      <section className="card" aria-labelledby="review-queue-title">
        <h1 id="review-queue-title">
          Review queue: {view.version} {noteType}
        </h1>
        <p className="small muted" role="status">
          Case <strong>{view.item.caseId}</strong> · {view.remaining} of {view.total} outputs left to rate ·
          run <code>{view.run.runId.slice(0, 8)}</code> ({view.run.provider}/{view.run.model},{" "}
          {view.run.dataset})
        </p>
        {view.note ? <p className="review-note">{view.note}</p> : null}
        <ReviewShortcuts />
      </section>
      <div className="consultation-layout">
        <Consultation notes={view.item.notes} />
        <section className="card review-output" aria-labelledby="review-output-title">
          <h2 id="review-output-title">Summary</h2>
          <SummaryText text={view.item.output} />
          <ReviewRatingForm
            key={`${view.item.caseId}:${view.item.outputHash}`}
            subject="this summary"
            caseId={view.item.caseId}
            outputHash={view.item.outputHash}
            error={error}
          />
        </section>
      </div>
    </>
  );
}

/** The same case from two versions, as Summary A and Summary B; which is which stays hidden. */
export function ReviewBlindCase({
  view,
  noteType,
  error,
}: {
  view: BlindView;
  noteType: ReactNode;
  error?: string;
}) {
  return (
    <>
      <section className="card" aria-labelledby="review-queue-title">
        <h1 id="review-queue-title">Blind side-by-side {noteType}</h1>
        <p className="small muted" role="status">
          Case <strong>{view.caseId}</strong> · {view.remaining} of {view.total} cases left · rate each
          summary on its own; which version wrote which is shown once both are rated.
          {view.mismatched > 0
            ? ` ${view.mismatched} cases are left out: the two runs hold different consultations under their ids.`
            : ""}
        </p>
        <ReviewShortcuts />
      </section>
      <div className="review-blind">
        <Consultation notes={view.notes} />
        {view.sides.map((side) => (
          <section
            key={side.side}
            className={side.side === view.activeSide ? "card review-output active" : "card review-output"}
            aria-labelledby={`review-summary-${side.side}`}
          >
            <h2 id={`review-summary-${side.side}`}>Summary {side.side}</h2>
            <SummaryText text={side.output} />
            {side.rated ? (
              <p className="review-rated">Rated ✓</p>
            ) : side.side === view.activeSide ? (
              <ReviewRatingForm
                key={`${view.caseId}:${side.side}:${side.outputHash}`}
                subject={`Summary ${side.side}`}
                caseId={view.caseId}
                outputHash={side.outputHash}
                side={side.side}
                error={error}
              />
            ) : (
              <p className="small muted">Rate Summary {view.activeSide} first.</p>
            )}
          </section>
        ))}
      </div>
    </>
  );
}

/** Which version wrote which summary, once the reviewer has rated both. */
export function ReviewReveal({ reveal }: { reveal: Reveal }) {
  return (
    <section className="card review-reveal" aria-labelledby="review-reveal-title">
      <h2 id="review-reveal-title">Case {reveal.caseId} revealed</h2>
      <ul>
        {reveal.sides.map((side) => (
          <li key={side.side}>
            Summary {side.side} was <strong>{side.version}</strong>
            {side.clarity !== null ? ` — you rated it ${side.clarity} / 5` : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}
