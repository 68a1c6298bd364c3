import { performance } from "node:perf_hooks";

import { computeCostUsd, type ModelPrices } from "@consult-summary/core/prices";
import type { Summary } from "../db/schema.server";
import { databaseProblem } from "../db/store.server";
import {
  finishSummary,
  saveStreamingTexts,
  touchSummaries,
  type SummaryOutcome,
} from "../models/summary.server";
import type { Store } from "../db/store.server";
import { estimateUsage } from "@consult-summary/core/summarizers";
import type { NoteRequest, NoteWriter } from "@consult-summary/core/note-formats";
import { SummaryError, type ChatMessage, type TokenUsage } from "@consult-summary/core/summarizers";
import { log } from "../utils/logger.server";
import type { SummaryEvent, TerminalEvent } from "./summary-events";
import { databaseProblemEvent } from "./summary-row-events.server";

export type SummaryListener = (event: Exclude<SummaryEvent, { event: "meta" }>) => void;

/** What the manager needs to know of a summary row to generate it. */
export type GenerationSubject = Pick<Summary, "id" | "provider" | "model" | "promptVersion">;

// Partial text is written at most this often, so a crash loses at most about a second of output.
// All running summaries are saved together (see saveStreamingTexts); each save rewrites the text
// so far, so saving more often would multiply what is written, not what is kept.
const SAVE_INTERVAL_MS = 1_000;
// After the first delta (sent at once), text is passed on to watchers at most this often: one
// event per 40 ms instead of one per model token cuts the server's per-token work (socket writes,
// SSE framing, stream plumbing) by half or more at typical token rates, invisibly to a reader.
export const DELTA_FLUSH_MS = 40;
// How often running summaries are marked alive in the database, even while no text arrives, so
// other instances can tell them from those of an instance that died (see HEARTBEAT_SILENCE_MS).
export const HEARTBEAT_INTERVAL_MS = 1_500;
const UNWATCHED_MESSAGE =
  "This summary stopped because no page stayed connected to it (the page was closed or lost its connection). The text so far is saved: press Regenerate to write it in full.";

interface Generation {
  summaryId: string;
  /** Settles once the summary's row exists; nothing is written for it before then. */
  stored: Promise<boolean>;
  /** True once `stored` has resolved with true. */
  isStored: boolean;
  text: string;
  /**
   * The end of `text` the listeners have not been sent yet, kept apart so that passing it on does
   * not copy the whole text every time (slicing a string built by appending flattens it first).
   */
  unsent: string;
  /** How much of `text` has been saved (or is being saved) to the database. */
  saved: number;
  flushTimer?: NodeJS.Timeout;
  listeners: Set<SummaryListener>;
  controller: AbortController;
  cancelReason?: string;
  /** Why the generation was stopped when it was not a cancellation (e.g. the database went away). */
  failure?: SummaryError;
  orphanTimer?: NodeJS.Timeout;
  done: Promise<void>;
}

export interface GenerationManagerOptions {
  /** Where the summaries' texts and outcomes are saved. */
  store: Store;
  provider: NoteWriter;
  prices: ModelPrices;
  /** How long a generation with no listeners keeps going before it is cancelled. */
  orphanGraceMs: number;
  /** Told about every generation that ends (metrics); it must be cheap and never throw. */
  observer?: GenerationObserver;
  /**
   * Counts tokens locally when the provider reports no usage (the server counts them in its text
   * worker threads; by default, in this thread).
   */
  estimateUsage?: (model: string, messages: ChatMessage[], output: string) => Promise<TokenUsage>;
  /** The clock drain() measures its time limit by, in milliseconds (default performance.now). */
  now?: () => number;
}

export interface GenerationObserver {
  finished(summary: GenerationSubject, outcome: SummaryOutcome): void;
}

/**
 * Owns every summary being generated in this process. Each runs once, however many clients
 * watch it: a reconnect attaches to the running generation instead of calling the model again.
 */
export class GenerationManager {
  private readonly running = new Map<string, Generation>();
  private heartbeatTimer?: NodeJS.Timeout;
  private saveTimer?: NodeJS.Timeout;
  private saving = false;

  constructor(private readonly options: GenerationManagerOptions) {}

  get activeCount(): number {
    return this.running.size;
  }

  isRunning(summaryId: string): boolean {
    return this.running.has(summaryId);
  }

  /**
   * Starts generating a summary marked `streaming` in the database, or about to be: `stored`
   * settles once its row exists (true) or could not be written (false, or a rejection), and until
   * then nothing is saved for it and no one is expected to watch. If the row never comes, the
   * generation is stopped and leaves no trace.
   */
  start(
    summary: GenerationSubject,
    request: Omit<NoteRequest, "signal">,
    stored: Promise<unknown> = Promise.resolve(),
  ): void {
    if (this.running.has(summary.id)) return;
    const generation: Generation = {
      summaryId: summary.id,
      stored: stored.then(
        () => true,
        () => false,
      ),
      isStored: false,
      text: "",
      unsent: "",
      saved: 0,
      listeners: new Set(),
      controller: new AbortController(),
      done: Promise.resolve(),
    };
    this.running.set(summary.id, generation);
    void generation.stored.then((isStored) => {
      generation.isStored = isStored;
      if (!isStored) {
        generation.cancelReason = "The summary could not be stored.";
        generation.controller.abort();
        return;
      }
      this.startHeartbeat();
      this.scheduleOrphanCancel(generation);
      if (unsavedText(generation)) this.scheduleSave();
    });
    generation.done = this.run(generation, summary, request);
  }

  /**
   * Subscribes to a running generation: the listener first receives the text so far as one
   * delta, then every new delta and the final event. Returns undefined when not running here.
   */
  attach(summaryId: string, listener: SummaryListener): (() => void) | undefined {
    const generation = this.running.get(summaryId);
    if (!generation) return undefined;
    clearTimeout(generation.orphanTimer);
    generation.orphanTimer = undefined;
    this.flushDeltas(generation);
    if (generation.text) listener({ event: "delta", data: { text: generation.text } });
    generation.listeners.add(listener);
    return () => {
      generation.listeners.delete(listener);
      if (this.running.get(summaryId) === generation) this.scheduleOrphanCancel(generation);
    };
  }

  /** The clinician's Stop: the summary ends `cancelled` ("Stopped"). */
  cancel(summaryId: string, reason: string): boolean {
    const generation = this.running.get(summaryId);
    if (!generation) return false;
    generation.cancelReason ??= reason;
    generation.controller.abort();
    return true;
  }

  /**
   * Stops a summary for a reason that is not the clinician's (the server shutting down, no page
   * left watching): it ends `failed` with code `interrupted`, never as if someone pressed Stop.
   */
  interrupt(summaryId: string, message: string): boolean {
    const generation = this.running.get(summaryId);
    if (!generation) return false;
    if (!generation.controller.signal.aborted) {
      generation.failure = new SummaryError("interrupted", message);
      generation.controller.abort();
    }
    return true;
  }

  /** Interrupts everything still running and waits until each has saved its final state. */
  async interruptAll(message: string): Promise<void> {
    const pending = [...this.running.values()].map((generation) => {
      this.interrupt(generation.summaryId, message);
      return generation.done;
    });
    await Promise.all(pending);
  }

  /**
   * Resolves with true once no generation is running (including any started while waiting), or
   * with false when `timeoutMs` passes first. Cancels nothing.
   */
  async drain(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    const now = this.options.now ?? (() => performance.now());
    const deadline = now() + timeoutMs;
    while (this.running.size > 0) {
      const remaining = deadline - now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        if (Number.isFinite(remaining)) timer = setTimeout(resolve, remaining);
      });
      await Promise.race([Promise.all([...this.running.values()].map((g) => g.done)), timedOut]);
      clearTimeout(timer);
    }
    return true;
  }

  private scheduleOrphanCancel(generation: Generation): void {
    if (generation.listeners.size > 0 || generation.orphanTimer) return;
    generation.orphanTimer = setTimeout(
      () => this.interrupt(generation.summaryId, UNWATCHED_MESSAGE),
      this.options.orphanGraceMs,
    );
  }

  private emit(generation: Generation, event: Parameters<SummaryListener>[0]): void {
    for (const listener of generation.listeners) listener(event);
  }

  /** Sends the listeners the text they have not had yet, as one delta. */
  private flushDeltas(generation: Generation): void {
    clearTimeout(generation.flushTimer);
    generation.flushTimer = undefined;
    if (!generation.unsent) return;
    const text = generation.unsent;
    generation.unsent = "";
    this.emit(generation, { event: "delta", data: { text } });
  }

  private passOn(generation: Generation): void {
    const nothingSentYet = generation.unsent.length === generation.text.length;
    if (nothingSentYet) this.flushDeltas(generation);
    else generation.flushTimer ??= setTimeout(() => this.flushDeltas(generation), DELTA_FLUSH_MS);
  }

  private scheduleSave(): void {
    if (this.saveTimer || this.saving) return;
    this.saveTimer = setTimeout(() => void this.saveUnsavedText(), SAVE_INTERVAL_MS);
  }

  /** One save for every running summary with text not yet in the database; one at a time. */
  private async saveUnsavedText(): Promise<void> {
    this.saveTimer = undefined;
    const unsaved = [...this.running.values()].filter(unsavedText);
    if (unsaved.length === 0) return;
    this.saving = true;
    const entries = unsaved.map((generation) => {
      generation.saved = generation.text.length;
      return { id: generation.summaryId, text: generation.text };
    });
    try {
      await saveStreamingTexts(this.options.store, entries);
    } catch (error) {
      this.saveFailed(unsaved, error);
    } finally {
      this.saving = false;
    }
    if ([...this.running.values()].some(unsavedText)) this.scheduleSave();
  }

  /** Text that cannot be saved must not keep streaming as if it were: stop with a clear error. */
  private saveFailed(generations: Generation[], error: unknown): void {
    log.warn("saving partial summary text failed", {
      summaries: generations.length,
      errorName: error instanceof Error ? error.name : typeof error,
    });
    // A busy database fails only this save (the next one writes the whole text again); one that is
    // gone or full will not take the rest either.
    const problem = databaseProblem(error);
    if (!problem || problem.code === "database_busy") return;
    for (const generation of generations) {
      if (generation.controller.signal.aborted) continue;
      generation.failure = new SummaryError(
        problem.code,
        `${problem.message} This summary could not be saved.`,
      );
      generation.controller.abort();
    }
  }

  private startHeartbeat(): void {
    this.heartbeatTimer ??= setInterval(() => {
      if (this.running.size === 0) {
        clearInterval(this.heartbeatTimer);
        this.heartbeatTimer = undefined;
        return;
      }
      const stored = [...this.running.values()].filter((generation) => generation.isStored);
      touchSummaries(
        this.options.store,
        stored.map((generation) => generation.summaryId),
      ).catch(() => {
        // A failed heartbeat only matters to other instances; saves report real failures.
      });
    }, HEARTBEAT_INTERVAL_MS);
    this.heartbeatTimer.unref();
  }

  private async run(
    generation: Generation,
    summary: GenerationSubject,
    request: Omit<NoteRequest, "signal">,
  ): Promise<void> {
    const startedAt = performance.now();
    let ttftMs: number | null = null;
    let usage: TokenUsage | undefined;
    let outcome: SummaryOutcome;
    let terminal: TerminalEvent;
    try {
      const chunks = this.options.provider.stream({ ...request, signal: generation.controller.signal });
      for await (const chunk of chunks) {
        if (chunk.type === "usage") {
          usage = chunk;
        } else if (chunk.text) {
          ttftMs ??= Math.round(performance.now() - startedAt);
          generation.text += chunk.text;
          generation.unsent += chunk.text;
          this.passOn(generation);
          this.scheduleSave();
        }
      }
      usage ??= await (this.options.estimateUsage ?? estimateUsage)(
        summary.model,
        request.messages,
        generation.text,
      );
      const costUsd = computeCostUsd(this.options.prices, summary.model, usage);
      const latencyMs = Math.round(performance.now() - startedAt);
      outcome = {
        status: "complete",
        text: generation.text,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        tokensEstimated: usage.estimated,
        costUsd,
        ttftMs,
        latencyMs,
      };
      terminal = {
        event: "done",
        data: {
          summaryId: summary.id,
          status: "complete",
          usage: {
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            estimated: usage.estimated,
          },
          costUsd,
          ttftMs,
          latencyMs,
        },
      };
    } catch (thrown) {
      const error = this.toSummaryError(generation, thrown);
      outcome = {
        status: error.code === "cancelled" ? "cancelled" : "failed",
        text: generation.text,
        ttftMs,
        latencyMs: Math.round(performance.now() - startedAt),
        errorCode: error.code,
        errorMessage: error.message,
      };
      terminal = {
        event: "error",
        data: { code: error.code, message: error.message, retryable: error.retryable },
      };
    }
    await this.finish(generation, summary, outcome, terminal);
  }

  private toSummaryError(generation: Generation, thrown: unknown): SummaryError {
    if (generation.failure) return generation.failure;
    if (generation.controller.signal.aborted) {
      return new SummaryError("cancelled", generation.cancelReason ?? "The summary was stopped.");
    }
    if (thrown instanceof SummaryError) return thrown;
    log.error("summary generation failed unexpectedly", {
      summaryId: generation.summaryId,
      errorName: thrown instanceof Error ? thrown.name : typeof thrown,
    });
    // Never surface the raw error: it may quote the request, which holds the consultation.
    return new SummaryError("internal_error", "The summarizer failed unexpectedly. Try again.");
  }

  private async finish(
    generation: Generation,
    summary: GenerationSubject,
    outcome: SummaryOutcome,
    terminal: TerminalEvent,
  ): Promise<void> {
    clearTimeout(generation.orphanTimer);
    this.flushDeltas(generation);
    if (!(await generation.stored)) {
      // No row, no watcher (the request that started it was answered with an error): no trace.
      this.running.delete(generation.summaryId);
      generation.listeners.clear();
      return;
    }
    try {
      await finishSummary(this.options.store, generation.summaryId, outcome);
    } catch (error) {
      log.error("saving the finished summary failed", {
        summaryId: generation.summaryId,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      // Whatever the watchers were about to be told, the summary is not stored as it ended: never
      // `done` for text that is not saved.
      terminal = notSavedEvent(error);
    } finally {
      this.running.delete(generation.summaryId);
      this.emit(generation, terminal);
      generation.listeners.clear();
      this.observe(summary, outcome);
    }
  }

  private observe(summary: GenerationSubject, outcome: SummaryOutcome): void {
    try {
      this.options.observer?.finished(summary, outcome);
    } catch (error) {
      log.warn("generation observer failed", {
        summaryId: summary.id,
        errorName: error instanceof Error ? error.name : typeof error,
      });
    }
  }
}

function notSavedEvent(error: unknown): Extract<TerminalEvent, { event: "error" }> {
  const problem = databaseProblem(error);
  if (problem) return databaseProblemEvent(problem);
  return {
    event: "error",
    data: {
      code: "storage_failed",
      message:
        "The summary was written but could not be saved, so it is not kept. Try again; if it happens again, tell your administrator.",
      retryable: false,
    },
  };
}

function unsavedText(generation: Generation): boolean {
  return generation.isStored && generation.saved < generation.text.length;
}
