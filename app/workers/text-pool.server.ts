// Runs the CPU-bound text work of requests — the embedded writer, token estimates, source checks —
// in worker threads, so that no input can hold the server's event loop. Every task has a time
// limit: a task over it has its thread terminated and fails with a clear code, never stalls. The
// threads run at a lower scheduling priority than the event loop, which therefore keeps answering
// while they are busy, even when they use every core.
import { fileURLToPath } from "node:url";

import Piscina from "piscina";

import type { ChatMessage, SummarySection, TokenUsage } from "@consult-summary/core/summarizers";
import { SummaryError } from "@consult-summary/core/summarizers";
import { DEFAULT_NOTE_FORMAT, type NoteFormat } from "@consult-summary/core/note-formats";
import type { ItemGrounding } from "../summaries/summary-grounding";
import type { TextTask, TextTaskName, TextTasks } from "./text-worker";

export interface TextPoolOptions {
  /** The bundled worker entry (build/workers/text-worker.cjs). */
  workerFile: URL;
  threads: number;
  /** The longest one task may run (from when it is queued) before its thread is terminated. */
  taskTimeoutMs: number;
  /** Told about each task that ends (metrics); must be cheap and never throw. */
  onTaskEnd?: (name: TextTaskName, outcome: TextTaskOutcome) => void;
}

export type TextTaskOutcome = "ok" | "timeout" | "overloaded" | "failed" | "cancelled";

/** Why a task did not produce its result. */
export class TextWorkError extends Error {
  constructor(
    readonly outcome: Exclude<TextTaskOutcome, "ok">,
    options?: { cause?: unknown },
  ) {
    super(`text task ${outcome}`, options);
    this.name = "TextWorkError";
  }
}

// Tasks waiting for a thread, per thread: more than this and the server is overloaded, and new
// work is refused at once rather than queued behind minutes of it.
const QUEUE_PER_THREAD = 32;
// Worker threads yield the CPU to the event loop's thread (Linux nice value, relative to it).
const WORKER_NICE_INCREMENT = 5;
// Each thread's heap: far above what a 100,000-character consultation needs.
const WORKER_HEAP_MB = 512;
// About four characters per token in English text: the fallback when counting is not possible.
const CHARACTERS_PER_TOKEN = 4;

export class TextPool {
  private readonly pool: Piscina<TextTask, TextTasks[TextTaskName]["output"]>;

  constructor(private readonly options: TextPoolOptions) {
    this.pool = new Piscina({
      filename: fileURLToPath(options.workerFile),
      minThreads: 1,
      maxThreads: options.threads,
      maxQueue: options.threads * QUEUE_PER_THREAD,
      idleTimeout: 60_000,
      niceIncrement: WORKER_NICE_INCREMENT,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
  }

  /** Tasks waiting for a thread right now. */
  get queued(): number {
    return this.pool.queueSize;
  }

  /** The embedded writer's whole summary. Throws SummaryError (`processing_timeout`, `server_busy`, `cancelled`). */
  async summarize(
    notes: string,
    sections: SummarySection[],
    signal: AbortSignal,
    format: NoteFormat = DEFAULT_NOTE_FORMAT,
  ): Promise<string> {
    try {
      return await this.run({ name: "summarize", notes, sections, format }, signal);
    } catch (error) {
      throw summaryErrorFor(error, this.options.taskTimeoutMs);
    }
  }

  /**
   * Token counts of a request and its output, counted locally. When counting is not possible in
   * time, a rough estimate from the length; both are labelled estimated.
   */
  async estimateUsage(model: string, messages: ChatMessage[], output: string): Promise<TokenUsage> {
    try {
      return await this.run({ name: "estimateUsage", model, messages, output });
    } catch {
      const inputCharacters = messages.reduce((total, message) => total + message.content.length, 0);
      return {
        inputTokens: Math.ceil(inputCharacters / CHARACTERS_PER_TOKEN),
        outputTokens: Math.ceil(output.length / CHARACTERS_PER_TOKEN),
        estimated: true,
      };
    }
  }

  /** Every item of a summary checked against the notes. Throws TextWorkError. */
  groundSummary(
    text: string,
    notes: string,
    format: NoteFormat = DEFAULT_NOTE_FORMAT,
  ): Promise<ItemGrounding[]> {
    return this.run({ name: "groundSummary", text, notes, format });
  }

  /** Ends the threads; tasks still running are abandoned. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }

  /**
   * Runs a task under the time limit; only the limit terminates a thread. A caller that stops
   * waiting (`signal`: a clinician pressed Stop) gets `cancelled` at once, and the task, bounded by
   * the limit, finishes unobserved: replacing a thread costs more than most tasks take.
   */
  private async run<Name extends TextTaskName>(
    task: { name: Name } & TextTasks[Name]["input"],
    signal?: AbortSignal,
  ): Promise<TextTasks[Name]["output"]> {
    let outcome: TextTaskOutcome = "failed";
    const timeout = AbortSignal.timeout(this.options.taskTimeoutMs);
    try {
      if (signal?.aborted) throw signal.reason;
      const work = this.pool.run(task as TextTask, { signal: timeout });
      const result = await (signal ? untilAborted(work, signal) : work);
      outcome = "ok";
      return result as TextTasks[Name]["output"];
    } catch (error) {
      const failure = signal?.aborted
        ? "cancelled"
        : timeout.aborted
          ? "timeout"
          : isQueueFull(error)
            ? "overloaded"
            : "failed";
      outcome = failure;
      throw new TextWorkError(failure, { cause: error });
    } finally {
      this.options.onTaskEnd?.(task.name, outcome);
    }
  }
}

/** The work's result, or a rejection as soon as `signal` aborts (the work goes on, unobserved). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

function isQueueFull(error: unknown): boolean {
  return error instanceof Error && error.message === "Task queue is at limit";
}

function summaryErrorFor(error: unknown, taskTimeoutMs: number): SummaryError {
  const outcome = error instanceof TextWorkError ? error.outcome : "failed";
  switch (outcome) {
    case "cancelled":
      return new SummaryError("cancelled", "Summary generation was cancelled.");
    case "timeout":
      return new SummaryError(
        "processing_timeout",
        `This consultation took longer than ${describeDuration(taskTimeoutMs)} to summarize, so it was stopped. Check that it is a consultation (not a file of another kind) and try again.`,
      );
    case "overloaded":
      return new SummaryError("server_busy", "The server is busy. Try again in a moment.");
    default:
      return new SummaryError("internal_error", "The embedded summarizer failed.", { cause: error });
  }
}

function describeDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
