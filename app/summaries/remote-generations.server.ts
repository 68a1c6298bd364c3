// Streams that cross instances (PostgreSQL deployments). A viewer whose request lands on an
// instance that is not running the summary asks, over the notification bus, the instance that is;
// that instance relays the text so far and every later delta, then the final event, to that one
// viewer (each watch has its own id). The model is never called a second time. When nobody
// answers, the database decides: a summary whose writer went silent is marked interrupted.
import { randomUUID } from "node:crypto";

import type { BusMessage, NotificationBus } from "../db/notification-bus.server";
import { getSummary, markInterruptedSummaries } from "../models/summary.server";
import type { Store } from "../db/store.server";
import { log } from "../utils/logger.server";
import type { GenerationManager, SummaryListener } from "./generation-manager.server";
import { HEARTBEAT_INTERVAL_MS } from "./generation-manager.server";
import type { TerminalEvent } from "./summary-events";
import { terminalFromSummary } from "./summary-row-events.server";

// A writer that has neither saved nor touched its summary for this long is gone.
export const HEARTBEAT_SILENCE_MS = 4 * HEARTBEAT_INTERVAL_MS;
// Relayed text is cut into pieces that fit a NOTIFY payload with room for the envelope.
const RELAY_PIECE_CHARS = 1_500;
// The relay says it is alive this often, so a watcher can tell a slow model from a dead relay.
const RELAY_KEEPALIVE_MS = 2_000;
// How long a watcher waits for any message before it asks the database what happened.
const WATCH_SILENCE_MS = 3_000;

type Watch =
  | { type: "attach"; summaryId: string; watchId: string }
  | { type: "detach"; watchId: string }
  | { type: "cancel"; summaryId: string; reason: string }
  | { type: "relay-delta"; watchId: string; offset: number; text: string }
  | { type: "relay-alive"; watchId: string }
  | { type: "relay-end"; watchId: string; terminal: TerminalEvent; length: number };

const relayContext = (watchId: string) => `stream-relay:${watchId}`;

export class RemoteGenerations {
  private readonly relays = new Map<string, () => void>();
  private readonly watchers = new Map<string, (message: Watch) => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly bus: NotificationBus,
    private readonly local: GenerationManager,
  ) {
    this.unsubscribe = bus.subscribe((message) => this.receive(message as BusMessage & Watch));
  }

  close(): void {
    this.unsubscribe();
    for (const stop of this.relays.values()) stop();
    this.relays.clear();
  }

  /** Asks the instance writing the summary to stop it. */
  cancel(summaryId: string, reason: string): void {
    this.bus.publish({ type: "cancel", summaryId, reason });
  }

  /**
   * Watches a summary being written by another instance. The listener gets the text so far as
   * deltas, every later delta and a final event, exactly as from a local generation.
   * Returns the function that stops watching.
   */
  watch(summaryId: string, listener: SummaryListener): () => void {
    const watchId = randomUUID();
    let received = 0;
    let ended = false;
    let silenceTimer: NodeJS.Timeout | undefined;

    const end = (terminal: TerminalEvent, storedText?: string) => {
      if (ended) return;
      ended = true;
      stop();
      if (storedText !== undefined && storedText.length > received) {
        listener({ event: "delta", data: { text: storedText.slice(received) } });
      }
      listener(terminal);
    };
    const armSilenceTimer = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => void this.checkDatabase(summaryId, end, keepWaiting), WATCH_SILENCE_MS);
      silenceTimer.unref();
    };
    const stop = () => {
      clearTimeout(silenceTimer);
      this.watchers.delete(watchId);
      this.bus.publish({ type: "detach", watchId });
    };

    let relayed = false;
    // Still streaming but no relay yet (the attach may have crossed the writer's start, or the
    // bus was down): ask again.
    const keepWaiting = () => {
      if (!relayed) this.bus.publish({ type: "attach", summaryId, watchId });
      armSilenceTimer();
    };

    this.watchers.set(watchId, (message) => {
      relayed = true;
      armSilenceTimer();
      if (message.type === "relay-delta") {
        const text = this.store.cipher.open(message.text, relayContext(watchId));
        // Pieces arrive in order; anything before what we already have is a repeat.
        const fresh = text.slice(Math.max(0, received - message.offset));
        if (message.offset > received || !fresh) return;
        received += fresh.length;
        listener({ event: "delta", data: { text: fresh } });
      } else if (message.type === "relay-end" && received >= message.length) {
        end(message.terminal);
      } else if (message.type === "relay-end") {
        // A piece went missing (the bus reconnected meanwhile): the stored text is complete now.
        void this.endFromDatabase(summaryId, message.terminal, end);
      }
    });
    armSilenceTimer();
    this.bus.publish({ type: "attach", summaryId, watchId });
    return () => {
      ended = true;
      stop();
    };
  }

  private async endFromDatabase(
    summaryId: string,
    terminal: TerminalEvent,
    end: (terminal: TerminalEvent, storedText?: string) => void,
  ): Promise<void> {
    try {
      end(terminal, (await getSummary(this.store, summaryId))?.text);
    } catch {
      end(terminal);
    }
  }

  /** No word from the relay: the stored row says whether the summary ended or its writer died. */
  private async checkDatabase(
    summaryId: string,
    end: (terminal: TerminalEvent, storedText?: string) => void,
    keepWaiting: () => void,
  ): Promise<void> {
    try {
      const silentSince = new Date(Date.now() - HEARTBEAT_SILENCE_MS);
      await markInterruptedSummaries(this.store, { silentSince, ids: [summaryId] });
      const stored = await getSummary(this.store, summaryId);
      if (!stored) {
        end({
          event: "error",
          data: { code: "not_found", message: "This summary was deleted.", retryable: false },
        });
      } else if (stored.status !== "streaming") {
        end(terminalFromSummary(stored), stored.text);
      } else {
        keepWaiting();
      }
    } catch (error) {
      log.warn("checking a remote summary failed", { summaryId, errorName: (error as Error).name });
      keepWaiting();
    }
  }

  private receive(message: Watch): void {
    if (message.type === "attach") this.startRelay(message.summaryId, message.watchId);
    else if (message.type === "detach") this.relays.get(message.watchId)?.();
    else if (message.type === "cancel") this.local.cancel(message.summaryId, message.reason);
    else this.watchers.get(message.watchId)?.(message);
  }

  /** Runs on the instance writing the summary: forwards it to one remote watcher. */
  private startRelay(summaryId: string, watchId: string): void {
    if (!this.local.isRunning(summaryId) || this.relays.has(watchId)) return;
    let offset = 0;
    const publishText = (text: string) => {
      for (let start = 0; start < text.length; start += RELAY_PIECE_CHARS) {
        const piece = text.slice(start, start + RELAY_PIECE_CHARS);
        this.bus.publish({
          type: "relay-delta",
          watchId,
          offset,
          text: this.store.cipher.seal(piece, relayContext(watchId)),
        });
        offset += piece.length;
      }
    };
    const keepalive = setInterval(
      () => this.bus.publish({ type: "relay-alive", watchId }),
      RELAY_KEEPALIVE_MS,
    );
    keepalive.unref();
    const stop = () => {
      clearInterval(keepalive);
      detach?.();
      this.relays.delete(watchId);
    };
    const detach = this.local.attach(summaryId, (event) => {
      if (event.event === "delta") {
        publishText(event.data.text);
      } else {
        this.bus.publish({ type: "relay-end", watchId, terminal: event, length: offset });
        stop();
      }
    });
    if (!detach) {
      clearInterval(keepalive);
      return;
    }
    this.relays.set(watchId, stop);
    this.bus.publish({ type: "relay-alive", watchId });
  }
}
