import { useCallback, useEffect, useRef, useState } from "react";

import type { DoneEventData, ErrorEventData, MetaEventData, TerminalEvent } from "~/summaries/summary-events";

export type StreamPhase = "connecting" | "streaming" | "reconnecting" | "done" | "error";

export interface SummaryStreamState {
  phase: StreamPhase;
  text: string;
  meta?: MetaEventData;
  done?: DoneEventData;
  error?: ErrorEventData;
  /** While reconnecting: when (epoch ms) the next attempt starts. */
  retryAt?: number;
}

const CONNECTION_FAILED: ErrorEventData = {
  code: "connection_failed",
  message: "Could not reconnect to the summary. Check your connection and reload the page.",
  retryable: true,
};

// After a lost connection (a network error, or an HTTP error answer such as a 503 while the server
// starts or a proxy's 502) a new source is opened after each of these waits in turn, so the page can
// count down to the next attempt (the browser's own reconnection keeps its timing to itself); after
// the last, about three and a half minutes in all, the page says it could not reconnect.
export const RECONNECT_DELAYS_MS = [
  1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 30_000, 30_000, 30_000, 30_000,
];

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
export function useSummaryStream(
  summaryId: string,
  initial: SummaryStreamState,
): { state: SummaryStreamState; reconnectNow: () => void } {
  const [state, setState] = useState(initial);
  // The open stream's "try now", set by the effect that owns it; a no-op when nothing waits.
  const reopenNowRef = useRef(() => {});
  const reconnectNow = useCallback(() => reopenNowRef.current(), []);
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
        setState((previous) => ({ ...previous, phase: "streaming", meta, retryAt: undefined }));
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
        } else {
          events.close();
          reopenLater();
        }
      });
    };

    const reopenNow = () => {
      clearTimeout(retryTimer);
      if (ended || events.readyState !== EventSource.CLOSED) return;
      setState((previous) => ({ ...previous, retryAt: undefined }));
      open();
    };
    const reopenLater = () => {
      const delay = RECONNECT_DELAYS_MS[failedOpens++];
      if (delay === undefined) return end({ phase: "error", error: CONNECTION_FAILED, retryAt: undefined });
      setState((previous) => ({ ...previous, phase: "reconnecting", retryAt: Date.now() + delay }));
      retryTimer = setTimeout(reopenNow, delay);
    };

    reopenNowRef.current = reopenNow;
    open();
    return () => {
      ended = true;
      clearTimeout(retryTimer);
      events.close();
    };
    // `initial` is derived from the same loader data as summaryId and live.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [summaryId, live]);

  return { state, reconnectNow };
}
