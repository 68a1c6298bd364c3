import { Form, useFetcher } from "@remix-run/react";
import { useState } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import type { TerminalEvent } from "~/streaming/summary-events";
import {
  initialStreamState,
  useSummaryStream,
  type SummaryStreamState,
} from "~/summaries/use-summary-stream";

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
  notes: string;
  /** The clinician's latest edit, shown instead of the model's text. */
  revisionText: string | null;
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
      return state.error?.code === "cancelled" ? `Stopped · ${source}` : `Failed · ${source}`;
  }
}

function StopButton({ summaryId }: { summaryId: string }) {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post">
      <AuthenticityTokenInput />
      <input type="hidden" name="summaryId" value={summaryId} />
      <button type="submit" name="intent" value="stop" disabled={fetcher.state !== "idle"}>
        Stop
      </button>
    </fetcher.Form>
  );
}

function RegenerateButton() {
  return (
    <Form method="post">
      <AuthenticityTokenInput />
      <button type="submit" name="intent" value="regenerate">
        Regenerate
      </button>
    </Form>
  );
}

export function SummaryPanel({
  id,
  text,
  terminal,
  origin,
  consultationId,
  notes,
  revisionText,
  rating,
  onShowSource,
}: SummaryPanelProps) {
  const state = useSummaryStream(id, initialStreamState(text, terminal));
  const [editing, setEditing] = useState(false);
  const done = state.phase === "done";
  const shownText = revisionText ?? state.text;
  const shownOrigin = state.meta ?? origin;
  const running = state.phase !== "done" && state.phase !== "error";
  const failed = state.phase === "error" && state.error?.code !== "cancelled";

  return (
    <div className="summary-panel" data-phase={state.phase} data-summary-id={id}>
      <p className="status-line" role="status" aria-live="polite">
        {describeStatus(state, shownOrigin)}
      </p>
      {failed && state.error ? (
        <div className="form-error" role="alert">
          <p>{state.error.message}</p>
          <p className="small">
            {state.text ? "The text written before the failure is kept below. " : ""}
            {state.error.retryable
              ? "Press Regenerate to try again."
              : "Ask your administrator to check the setup."}
          </p>
        </div>
      ) : null}
      {editing ? (
        <SummaryEditor summaryId={id} text={shownText} onDone={() => setEditing(false)} />
      ) : shownText ? (
        <>
          {revisionText ? (
            <p className="small muted">Edited by you; the model&apos;s original is kept.</p>
          ) : null}
          <SummaryText text={shownText} {...(done ? { notes, onShowSource } : {})} />
        </>
      ) : running ? (
        <p className="muted">The summary will appear here as it is written.</p>
      ) : null}
      {done && !editing ? (
        <SummaryTools
          consultationId={consultationId}
          summaryId={id}
          text={shownText}
          meta={{
            createdAt: new Date(),
            model: shownOrigin.model,
            promptVersion: shownOrigin.promptVersion,
            edited: revisionText !== null,
          }}
          onEdit={() => setEditing(true)}
        />
      ) : null}
      <div className="actions">{running ? <StopButton summaryId={id} /> : <RegenerateButton />}</div>
      {done ? <SummaryRating summaryId={id} rating={rating} /> : null}
    </div>
  );
}
