import { useEffect, useState } from "react";

import type { DoneEventData, ErrorEventData, MetaEventData, TerminalEvent } from "~/summaries/summary-events";

export type StreamPhase = "connecting" | "streaming" | "reconnecting" | "done" | "error";

export interface SummaryStreamState {
  phase: StreamPhase;
  text: string;
  meta?: MetaEventData;
  done?: DoneEventData;
  error?: ErrorEventData;
}

const CONNECTION_FAILED: ErrorEventData = {
  code: "connection_failed",
  message: "Could not connect to the summary. Check your connection and reload the page.",
  retryable: true,
};

export function initialStreamState(text: string, terminal: TerminalEvent | null): SummaryStreamState {
  if (!terminal) return { phase: "connecting", text: "" };
  return terminal.event === "done"
    ? { phase: "done", text, done: terminal.data }
    : { phase: "error", text, error: terminal.data };
}

/**
 * Follows a summary's event stream. Deltas are accumulated inside the EventSource listener, not
 * in React state updates: several deltas can arrive before React renders, and a hook that only
 * keeps the latest event (remix-utils' useEventSource) would drop all but the last of them.
 */
export function useSummaryStream(summaryId: string, initial: SummaryStreamState): SummaryStreamState {
  const [state, setState] = useState(initial);
  const live = initial.phase === "connecting";

  useEffect(() => {
    setState(initial);
    if (!live) return undefined;
    const events = new EventSource(`/resources/summaries/${summaryId}/stream`);
    let text = "";

    events.addEventListener("meta", (event) => {
      text = ""; // every (re)connection starts with the full text so far
      const meta = JSON.parse(event.data) as MetaEventData;
      setState({ phase: "streaming", text, meta });
    });
    events.addEventListener("delta", (event) => {
      text += (JSON.parse(event.data) as { text: string }).text;
      const snapshot = text;
      setState((previous) => ({ ...previous, text: snapshot }));
    });
    events.addEventListener("done", (event) => {
      events.close(); // otherwise the browser reconnects about 3 s after the server closes
      const done = JSON.parse(event.data) as DoneEventData;
      setState((previous) => ({ ...previous, phase: "done", done }));
    });
    events.addEventListener("error", (event) => {
      if (event instanceof MessageEvent && typeof event.data === "string") {
        events.close();
        const error = JSON.parse(event.data) as ErrorEventData;
        setState((previous) => ({ ...previous, phase: "error", error }));
      } else if (events.readyState === EventSource.CLOSED) {
        setState((previous) => ({ ...previous, phase: "error", error: CONNECTION_FAILED }));
      } else {
        setState((previous) => ({ ...previous, phase: "reconnecting" }));
      }
    });
    return () => events.close();
    // `initial` is derived from the same loader data as summaryId and live.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [summaryId, live]);

  return state;
}
