import { useMatches, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import type { ErrorEventData, TerminalEvent } from "~/summaries/summary-events";
import type { SourceCheck } from "~/summaries/source-check";
import {
  initialStreamState,
  useSummaryStream,
  type SummaryStreamState,
} from "~/summaries/client/use-summary-stream";
import { postStop, type StopProblem } from "~/summaries/client/post-stop";

import { ReconnectCountdown } from "./reconnect-countdown";
import { RegenerateForm } from "./regenerate-form";
import { SummaryRating } from "./summary-rating";
import { SummaryText, type SourceSpan } from "./summary-text";
import { SummaryEditor, SummaryTools } from "./summary-tools";

interface SummaryOrigin {
  provider: string;
  model: string;
  promptVersion: string;
}

interface SummaryPanelProps {
  consultationId: string;
  /** FHIR_BASE_URL is configured: show Send to EHR. */
  sendToEhr: boolean;
  /** The shown text checked against the notes (null until the summary is complete). */
  sourceCheck: SourceCheck | null;
  /** The clinician's latest edit, shown instead of the model's text. */
  revisionText: string | null;
  /** The number of that edit (0: not edited), what the next save is based on. */
  revision: number;
  /** An earlier text the clinician asked to restore: opens the editor with it. */
  restoring: { text: string; label: string } | null;
  onRestoreHandled: () => void;
  /** Told when the editor opens and closes (the page does not reload the summary under it). */
  onEditingChange: (editing: boolean) => void;
  rating: { clarity: number; comment: string | null } | null;
  onShowSource: (span: SourceSpan | null) => void;
  id: string;
  text: string;
  terminal: TerminalEvent | null;
  origin: SummaryOrigin;
}

function formatCost(costUsd: number | null): string {
  if (costUsd === null) return "cost unknown";
  return costUsd === 0 ? "no cost" : `$${costUsd.toFixed(costUsd < 0.01 ? 5 : 2)}`;
}

function describeStatus(state: SummaryStreamState, origin: SummaryOrigin): string {
  const source = `${origin.model} · prompt ${origin.promptVersion}`;
  switch (state.phase) {
    case "connecting":
      return `Connecting… · ${source}`;
    case "streaming":
      return `Writing summary… · ${source}`;
    case "reconnecting":
      return `Connection lost — reconnecting… · ${source}`;
    case "done": {
      const done = state.done!;
      const tokens = `${done.usage.inputTokens} in / ${done.usage.outputTokens} out tokens${done.usage.estimated ? " (estimated)" : ""}`;
      const ttft = done.ttftMs === null ? "" : ` · first text after ${done.ttftMs} ms`;
      return `Done in ${done.latencyMs} ms${ttft} · ${tokens} · ${formatCost(done.costUsd)} · ${source}`;
    }
    case "error":
      return `${END_LABELS[endOf(state.error)]} · ${source}`;
  }
}

/** How a summary that did not complete ended: only the clinician's Stop is "stopped". */
type Ending = "stopped" | "interrupted" | "failed";

const END_LABELS: Record<Ending, string> = {
  stopped: "Stopped by you",
  interrupted: "Interrupted",
  failed: "Failed",
};

function endOf(error: ErrorEventData | undefined): Ending {
  if (error?.code === "cancelled") return "stopped";
  return error?.code === "interrupted" ? "interrupted" : "failed";
}

function EndNotice({ error, hasText }: { error: ErrorEventData; hasText: boolean }) {
  if (endOf(error) === "interrupted") {
    // The message says why (the server stopped, or no page stayed connected) and what to do.
    return (
      <div className="form-error notice" role="alert">
        <p>{error.message}</p>
      </div>
    );
  }
  return (
    <div className="form-error" role="alert">
      <p>{error.message}</p>
      <p className="small">
        {hasText ? "The text written before the failure is kept below. " : ""}
        {error.retryable ? "Press Regenerate to try again." : "Ask your administrator to check the setup."}
      </p>
    </div>
  );
}

function SourceCheckNotice({ check }: { check: SourceCheck | null }) {
  if (check?.status === "too_long") {
    return (
      <p className="small muted">
        {`This summary is longer than ${check.maxLines} lines, so it is shown as plain text and not checked against the notes line by line.`}
      </p>
    );
  }
  if (check?.status === "unavailable") {
    return (
      <p className="small muted" role="status">
        The check against the notes is not available right now. Reload the page to try again.
      </p>
    );
  }
  return null;
}

const STOP_PROBLEMS: Record<StopProblem, string> = {
  unreachable:
    "Could not reach the server to stop the summary; the text so far is kept. If the connection stays lost, the summary stops by itself within seconds. Press Stop to try again.",
  refused: "The server could not stop the summary just now. Press Stop to try again.",
};

function StopButton({ summaryId }: { summaryId: string }) {
  const routeId = useMatches().at(-1)?.id ?? "";
  const [stopping, setStopping] = useState(false);
  const [problem, setProblem] = useState<StopProblem | null>(null);
  return (
    <form
      method="post"
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        setStopping(true);
        void postStop(form, routeId).then((outcome) => {
          setProblem(outcome);
          setStopping(false);
        });
      }}
    >
      <AuthenticityTokenInput />
      <input type="hidden" name="summaryId" value={summaryId} />
      <input type="hidden" name="intent" value="stop" />
      <button type="submit" disabled={stopping}>
        Stop
      </button>
      {problem ? (
        <p className="form-error small" role="alert">
          {STOP_PROBLEMS[problem]}
        </p>
      ) : null}
    </form>
  );
}

/** Regenerate; for an edited summary, asks first and says where the edited text stays. */
function RegenerateButton({ edited }: { edited: boolean }) {
  return (
    <RegenerateForm
      edited={edited}
      question="Regenerate an edited summary?"
      confirmLabel="Regenerate"
      whatHappens="A new summary will be written from the notes."
    >
      <button type="submit">Regenerate</button>
    </RegenerateForm>
  );
}

export function SummaryPanel({
  id,
  text,
  terminal,
  origin,
  consultationId,
  sendToEhr,
  sourceCheck,
  revisionText,
  revision,
  restoring,
  onRestoreHandled,
  onEditingChange,
  rating,
  onShowSource,
}: SummaryPanelProps) {
  const { state, reconnectNow } = useSummaryStream(id, initialStreamState(text, terminal));
  const [editing, setEditing] = useState<{ text: string; note?: string } | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const done = state.phase === "done";
  const shownText = revisionText ?? state.text;
  const closeEditor = useRef(() => {
    returnFocus.current = true;
    setEditing(null);
  }).current;
  useEffect(() => {
    onEditingChange(editing !== null);
    if (editing === null && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
    // onEditingChange is the page's state setter, stable across renders.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing]);
  useEffect(() => {
    if (!restoring || !done || editing) return;
    setEditing({
      text: restoring.text,
      note: `Restoring ${restoring.label}: check it, then save it as the newest revision.`,
    });
    onRestoreHandled();
  }, [restoring, done, editing, onRestoreHandled]);
  const shownOrigin = state.meta ?? origin;
  const running = state.phase !== "done" && state.phase !== "error";
  const ending = state.phase === "error" ? endOf(state.error) : undefined;
  const revalidator = useRevalidator();
  // A summary that finished streaming here is checked against the notes by the server: ask for it.
  const needsCheck = done && sourceCheck === null;
  useEffect(() => {
    if (needsCheck && revalidator.state === "idle") revalidator.revalidate();
    // Once per summary that finished while this page watched it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needsCheck]);

  return (
    <div className="summary-panel" data-phase={state.phase} data-summary-id={id}>
      <p className="status-line" role="status" aria-live="polite">
        {describeStatus(state, shownOrigin)}
      </p>
      {state.phase === "reconnecting" && state.retryAt !== undefined ? (
        <ReconnectCountdown retryAt={state.retryAt} onReconnectNow={reconnectNow} />
      ) : null}
      {ending && ending !== "stopped" && state.error ? (
        <EndNotice error={state.error} hasText={state.text !== ""} />
      ) : null}
      {!running && !editing && shownText ? (
        <SummaryTools
          consultationId={consultationId}
          sendToEhr={sendToEhr}
          text={shownText}
          complete={done}
          onEdit={() => setEditing({ text: shownText })}
          editButton={editButton}
        />
      ) : null}
      {editing ? (
        <SummaryEditor
          summaryId={id}
          basedOn={revision}
          text={editing.text}
          note={editing.note}
          onDone={closeEditor}
        />
      ) : shownText ? (
        <>
          {revisionText ? (
            <p className="small muted">Edited by you; the model&apos;s original is kept.</p>
          ) : null}
          {done ? <SourceCheckNotice check={sourceCheck} /> : null}
          <SummaryText
            text={shownText}
            copySections={!running}
            {...(done ? { check: sourceCheck, onShowSource } : {})}
          />
        </>
      ) : running ? (
        <p className="muted">The summary will appear here as it is written.</p>
      ) : null}
      <div className="actions">
        {running ? (
          <StopButton summaryId={id} />
        ) : editing ? null : (
          <RegenerateButton edited={revision > 0} />
        )}
      </div>
      {done ? <SummaryRating summaryId={id} rating={rating} /> : null}
    </div>
  );
}
