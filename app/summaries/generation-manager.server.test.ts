// The generation manager against a real (SQLite) store and a scripted provider: how text reaches
// watchers, and what a watcher that arrives late is given. The test hands the provider's tokens over
// one at a time and moves the manager's clock itself, so no sleep or scheduler decides the outcome.
import { randomUUID } from "node:crypto";

import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  releaseDatabase,
  storedRows,
  TEST_SUMMARY_ORIGIN,
  testStore,
  useDatabase,
  usingSqlite,
} from "../../test/support/in-process-database";
import { createConsultation } from "../models/consultation.server";
import { createSummary, getSummary } from "../models/summary.server";
import type { SummaryChunk, SummaryProvider } from "@consult-summary/core/summarizers";
import {
  DELTA_FLUSH_MS,
  GenerationManager,
  type GenerationManagerOptions,
  type SummaryListener,
} from "./generation-manager.server";

const REQUEST = {
  notes: "n",
  sections: [],
  messages: [],
  model: "scripted",
  temperature: 0,
  maxOutputTokens: 100,
};
/** Lets every pending promise reaction run (a turn of the event loop; setImmediate is never faked). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The manager's timers (the delta flush, saves, the heartbeat) run on a clock the test moves; the
 * database's own scheduling (setImmediate) stays real.
 */
const useTestClock = () =>
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });

/** Yields all `tokens` in one burst, then exact usage. */
function burst(tokens: string[]): SummaryProvider {
  return {
    id: "scripted",
    async *stream(): AsyncIterable<SummaryChunk> {
      for (const text of tokens) yield { type: "delta", text };
      yield { type: "usage", inputTokens: 1, outputTokens: tokens.length, estimated: false };
    },
  };
}

/**
 * A provider whose tokens the test hands over one at a time: `push` resolves once the manager has
 * taken the token and asked for the next, `end` finishes the stream with exact usage. It stops
 * with an error when the generation is aborted, whether or not a token is waiting.
 */
class Feed {
  calls = 0;
  private readonly queue: { text: string | null; taken: () => void }[] = [];
  private wake?: () => void;
  private count = 0;

  readonly provider: SummaryProvider = {
    id: "scripted",
    stream: (request) => this.stream(request.signal),
  };

  push(text: string | null): Promise<void> {
    return new Promise<void>((taken) => {
      this.queue.push({ text, taken });
      this.wake?.();
    });
  }

  end(): Promise<void> {
    return this.push(null);
  }

  private async *stream(signal: AbortSignal): AsyncIterable<SummaryChunk> {
    this.calls++;
    const aborted = () => this.wake?.();
    signal.addEventListener("abort", aborted);
    try {
      for (;;) {
        while (this.queue.length === 0 && !signal.aborted) {
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
        if (signal.aborted) throw new Error("aborted");
        const { text, taken } = this.queue.shift()!;
        if (text === null) {
          yield { type: "usage", inputTokens: 1, outputTokens: this.count, estimated: false };
          taken();
          return;
        }
        this.count++;
        yield { type: "delta", text };
        taken();
      }
    } finally {
      signal.removeEventListener("abort", aborted);
    }
  }
}

/** Starts a generation of `provider` with one watcher attached from the start. */
async function start(provider: SummaryProvider, options: Partial<GenerationManagerOptions> = {}) {
  const manager = new GenerationManager({
    store: testStore(),
    provider,
    prices: {},
    orphanGraceMs: 60_000,
    ...options,
  });
  const consultation = await createConsultation(testStore(), { ownerId: "owner-1", notes: "n" });
  const summary = await createSummary(testStore(), consultation.id, TEST_SUMMARY_ORIGIN, "streaming");
  const events: Parameters<SummaryListener>[0][] = [];
  manager.start(summary, REQUEST);
  manager.attach(summary.id, (event) => events.push(event));
  return { manager, events, summaryId: summary.id };
}

const deltas = (events: Parameters<SummaryListener>[0][]) =>
  events.flatMap((event) => (event.event === "delta" ? [event.data.text] : []));

describe("GenerationManager", () => {
  beforeEach(async () => {
    await useDatabase();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(releaseDatabase);

  it("passes the first text on at once and merges tokens that come close together", async () => {
    useTestClock();
    const feed = new Feed();
    const { manager, events } = await start(feed.provider);
    const tokens = Array.from({ length: 40 }, (_, index) => `t${index} `);
    await feed.push(tokens[0]!);
    expect(deltas(events)).toEqual(["t0 "]);
    await feed.push(tokens[1]!);
    expect(deltas(events)).toEqual(["t0 "]); // held back for the flush interval
    // 40 tokens 2 ms apart span ~80 ms: a handful of events, not one per token.
    for (const token of tokens.slice(2)) {
      await vi.advanceTimersByTimeAsync(2);
      await feed.push(token);
    }
    await feed.end();
    await manager.drain();
    const sent = deltas(events);
    expect(sent[0]).toBe("t0 ");
    expect(sent.join("")).toBe(tokens.join(""));
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.length).toBeLessThan(tokens.length / 2);
    expect(events.at(-1)).toMatchObject({ event: "done", data: { status: "complete" } });
  });

  it("sends each token on its own when they are further apart than the flush interval", async () => {
    useTestClock();
    const feed = new Feed();
    const { manager, events } = await start(feed.provider);
    const tokens = ["a ", "b ", "c ", "d "];
    for (const token of tokens) {
      await feed.push(token);
      await vi.advanceTimersByTimeAsync(DELTA_FLUSH_MS * 2);
    }
    await feed.end();
    await manager.drain();
    expect(deltas(events)).toEqual(tokens);
  });

  it("gives a late watcher everything so far once, then only what is new", async () => {
    useTestClock();
    const feed = new Feed();
    const { manager, events, summaryId } = await start(feed.provider);
    const tokens = Array.from({ length: 30 }, (_, index) => `w${index} `);
    const late: Parameters<SummaryListener>[0][] = [];
    // 3 ms apart; the late watcher comes 40 ms in, when some text is sent and some held back.
    for (const [index, token] of tokens.entries()) {
      if (index > 0) await vi.advanceTimersByTimeAsync(3);
      if (index === 14) manager.attach(summaryId, (event) => late.push(event));
      await feed.push(token);
    }
    await feed.end();
    await manager.drain();
    expect(deltas(late).join("")).toBe(tokens.join(""));
    expect(deltas(late)[0]!.length).toBeGreaterThan(tokens[0]!.length);
    expect(late.at(-1)).toEqual(events.at(-1));
    expect((await getSummary(testStore(), summaryId))?.text).toBe(tokens.join(""));
  });

  it("writes nothing before the row is stored, then saves and finishes it", async () => {
    useTestClock();
    const feed = new Feed();
    const manager = new GenerationManager({
      store: testStore(),
      provider: feed.provider,
      prices: {},
      orphanGraceMs: 0,
    });
    const consultation = await createConsultation(testStore(), { ownerId: "owner-1", notes: "n" });
    const id = randomUUID();
    let store!: () => void;
    const stored = new Promise<void>((resolve) => (store = resolve));
    manager.start({ id, ...TEST_SUMMARY_ORIGIN }, REQUEST, stored);
    for (const token of ["a ", "b ", "c "]) await feed.push(token);
    await feed.end();
    // Every token is in and the save interval has passed: the generation waits for its row to finish.
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    expect(manager.isRunning(id)).toBe(true);
    await createSummary(testStore(), consultation.id, TEST_SUMMARY_ORIGIN, "streaming", id);
    store();
    await manager.drain();
    expect(await getSummary(testStore(), id)).toMatchObject({ status: "complete", text: "a b c " });
  });

  it("lets a running generation go on for the whole drain window, then gives up, cancelling nothing", async () => {
    vi.useFakeTimers({
      toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance"],
    });
    const feed = new Feed();
    const { manager, events, summaryId } = await start(feed.provider, { now: () => performance.now() });
    await feed.push("a ");
    let drained: boolean | undefined;
    void manager.drain(1_000).then((result) => (drained = result));
    await vi.advanceTimersByTimeAsync(999);
    await feed.push("b ");
    await settle();
    expect(drained).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(drained).toBe(false);
    expect(manager.isRunning(summaryId)).toBe(true);
    await feed.push("c ");
    await feed.end();
    expect(await manager.drain()).toBe(true);
    expect(deltas(events).join("")).toBe("a b c ");
    expect(events.at(-1)).toMatchObject({ event: "done", data: { status: "complete" } });
  });

  it("ends with an error, never done, when the finished summary cannot be saved", async () => {
    // The database refuses to mark any summary complete (as a full disk would refuse the write).
    if (usingSqlite()) {
      await storedRows(
        "create trigger refuse_complete before update of status on summaries when new.status = 'complete' begin select raise(abort, 'disk full'); end",
      );
    } else {
      await storedRows(
        "create function refuse_complete() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$",
      );
      await storedRows(
        "create trigger refuse_complete before update on summaries for each row when (new.status = 'complete') execute function refuse_complete()",
      );
    }
    const { manager, events, summaryId } = await start(burst(["all ", "of ", "it"]));
    await manager.drain();
    expect(events.map((event) => event.event)).not.toContain("done");
    expect(events.at(-1)).toMatchObject({ event: "error", data: { code: "storage_failed" } });
    expect((await getSummary(testStore(), summaryId))?.status).not.toBe("complete");
  });

  it("stops a generation whose row could not be stored, leaving no trace", async () => {
    // The provider waits for tokens that never come: only stopping the generation ends it.
    const feed = new Feed();
    const finished: string[] = [];
    const manager = new GenerationManager({
      store: testStore(),
      provider: feed.provider,
      prices: {},
      orphanGraceMs: 60_000,
      observer: { finished: (summary) => finished.push(summary.id) },
    });
    const id = randomUUID();
    manager.start({ id, ...TEST_SUMMARY_ORIGIN }, REQUEST, Promise.reject(new Error("database unavailable")));
    await manager.drain();
    expect(feed.calls).toBe(1);
    expect(manager.isRunning(id)).toBe(false);
    expect(await getSummary(testStore(), id)).toBeUndefined();
    expect(finished).toEqual([]);
  });
});
