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
  message: "Could not reconnect to the summary. Check your connection and reload the page.",
  retryable: true,
};

// After a network error the browser reconnects by itself (about every 3 s). An HTTP error answer
// (a 503 while the server starts, a proxy's 502) makes it give up instead; then a new source is
// opened after each of these waits in turn, and the page says it could not reconnect after the last.
export const RECONNECT_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

export function initialStreamState(text: string, terminal: TerminalEvent | null): SummaryStreamState {
  if (!terminal) return { phase: "connecting", text: "" };
  return terminal.event === "done"
    ? { phase: "done", text, done: terminal.data }
    : { phase: "error", text, error: terminal.data };
}

/**
 * Follows a summary's event stream, through lost connections. Deltas are accumulated inside the
 * EventSource listener, not in React state updates: several deltas can arrive before React
 * renders, and a hook that only keeps the latest event (remix-utils' useEventSource) would drop
 * all but the last of them. Every (re)connection starts with `meta` and then the whole text so
 * far as one delta, so the text is rebuilt from there, never appended to what was shown before;
 * what was shown stays on screen while reconnecting.
 */
export function useSummaryStream(summaryId: string, initial: SummaryStreamState): SummaryStreamState {
  const [state, setState] = useState(initial);
  const live = initial.phase === "connecting";

  useEffect(() => {
    setState(initial);
    if (!live) return undefined;
    const url = `/resources/summaries/${summaryId}/stream`;
    let events: EventSource;
    let text = "";
    let failedOpens = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let ended = false;

    const end = (update: Partial<SummaryStreamState>) => {
      ended = true;
      events.close(); // otherwise the browser reconnects about 3 s after the server closes
      const final = text;
      setState((previous) => ({ ...previous, ...update, text: final }));
    };

    const open = () => {
      events = new EventSource(url);
      events.addEventListener("meta", (event) => {
        failedOpens = 0;
        text = "";
        const meta = JSON.parse(event.data) as MetaEventData;
        setState((previous) => ({ ...previous, phase: "streaming", meta }));
      });
      events.addEventListener("delta", (event) => {
        text += (JSON.parse(event.data) as { text: string }).text;
        const snapshot = text;
        setState((previous) => ({ ...previous, phase: "streaming", text: snapshot }));
      });
      events.addEventListener("done", (event) => {
        end({ phase: "done", done: JSON.parse(event.data) as DoneEventData });
      });
      events.addEventListener("error", (event) => {
        if (event instanceof MessageEvent && typeof event.data === "string") {
          end({ phase: "error", error: JSON.parse(event.data) as ErrorEventData });
        } else if (events.readyState === EventSource.CLOSED) {
          reopenLater();
        } else {
          setState((previous) => ({ ...previous, phase: "reconnecting" }));
        }
      });
    };

    const reopenLater = () => {
      const delay = RECONNECT_DELAYS_MS[failedOpens++];
      if (delay === undefined) return end({ phase: "error", error: CONNECTION_FAILED });
      setState((previous) => ({ ...previous, phase: "reconnecting" }));
      retryTimer = setTimeout(() => {
        if (!ended) open();
      }, delay);
    };

    open();
    return () => {
      ended = true;
      clearTimeout(retryTimer);
      events.close();
    };
    // `initial` is derived from the same loader data as summaryId and live.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [summaryId, live]);

  return state;
}
