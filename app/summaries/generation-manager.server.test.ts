// The generation manager against a real (SQLite) store and a scripted provider: how text reaches
// watchers, and what a watcher that arrives late is given.
import { randomUUID } from "node:crypto";

import { afterAll, beforeEach, describe, expect, it } from "vitest";

import {
  releaseDatabase,
  storedRows,
  TEST_SUMMARY_ORIGIN,
  useDatabase,
  usingSqlite,
} from "../../test/support/in-process-database";
import { createConsultation } from "../models/consultation.server";
import { createSummary, getSummary } from "../models/summary.server";
import type { SummaryChunk, SummaryProvider } from "@consult-summary/core/summarizers";
import { DELTA_FLUSH_MS, GenerationManager, type SummaryListener } from "./generation-manager.server";

const REQUEST = {
  notes: "n",
  sections: [],
  messages: [],
  model: "scripted",
  temperature: 0,
  maxOutputTokens: 100,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Yields `tokens` with `gapMs` between them (0: all in one burst), then exact usage. */
function scripted(tokens: string[], gapMs: number): SummaryProvider {
  return {
    id: "scripted",
    async *stream(): AsyncIterable<SummaryChunk> {
      for (const [index, text] of tokens.entries()) {
        if (index > 0 && gapMs > 0) await sleep(gapMs);
        yield { type: "delta", text };
      }
      yield { type: "usage", inputTokens: 1, outputTokens: tokens.length, estimated: false };
    },
  };
}

async function run(
  tokens: string[],
  gapMs: number,
  watchFrom?: (manager: GenerationManager, id: string) => void,
) {
  const manager = new GenerationManager({
    provider: scripted(tokens, gapMs),
    prices: {},
    orphanGraceMs: 60_000,
  });
  const consultation = await createConsultation({ ownerId: "owner-1", notes: "n" });
  const summary = await createSummary(consultation.id, TEST_SUMMARY_ORIGIN, "streaming");
  const events: Parameters<SummaryListener>[0][] = [];
  const arrivals: number[] = [];
  manager.start(summary, REQUEST);
  manager.attach(summary.id, (event) => {
    events.push(event);
    arrivals.push(performance.now());
  });
  watchFrom?.(manager, summary.id);
  await manager.drain();
  return { events, arrivals, summaryId: summary.id };
}

const deltas = (events: Parameters<SummaryListener>[0][]) =>
  events.flatMap((event) => (event.event === "delta" ? [event.data.text] : []));

describe("GenerationManager", () => {
  beforeEach(async () => {
    await useDatabase();
  });
  afterAll(releaseDatabase);

  it("passes the first text on at once and merges tokens that come close together", async () => {
    const tokens = Array.from({ length: 40 }, (_, index) => `t${index} `);
    const { events } = await run(tokens, 2);
    const sent = deltas(events);
    expect(sent[0]).toBe("t0 ");
    expect(sent.join("")).toBe(tokens.join(""));
    // 40 tokens 2 ms apart span ~80 ms: a handful of events, not one per token.
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.length).toBeLessThan(tokens.length / 2);
    expect(events.at(-1)).toMatchObject({ event: "done", data: { status: "complete" } });
  });

  it("sends each token on its own when they are further apart than the flush interval", async () => {
    const tokens = ["a ", "b ", "c ", "d "];
    const { events } = await run(tokens, DELTA_FLUSH_MS * 2);
    expect(deltas(events)).toEqual(tokens);
  });

  it("gives a late watcher everything so far once, then only what is new", async () => {
    const tokens = Array.from({ length: 30 }, (_, index) => `w${index} `);
    const late: Parameters<SummaryListener>[0][] = [];
    const { events, summaryId } = await run(tokens, 3, (manager, id) => {
      setTimeout(() => manager.attach(id, (event) => late.push(event)), 40);
    });
    expect(deltas(late).join("")).toBe(tokens.join(""));
    expect(deltas(late)[0]!.length).toBeGreaterThan(tokens[0]!.length);
    expect(late.at(-1)).toEqual(events.at(-1));
    expect((await getSummary(summaryId))?.text).toBe(tokens.join(""));
  });

  it("writes nothing before the row is stored, then saves and finishes it", async () => {
    const manager = new GenerationManager({
      provider: scripted(["a ", "b ", "c "], 5),
      prices: {},
      orphanGraceMs: 0,
    });
    const consultation = await createConsultation({ ownerId: "owner-1", notes: "n" });
    const id = randomUUID();
    let store!: () => void;
    const stored = new Promise<void>((resolve) => (store = resolve));
    manager.start({ id, ...TEST_SUMMARY_ORIGIN }, REQUEST, stored);
    await sleep(40); // every token is in: the generation waits for its row to finish
    expect(manager.isRunning(id)).toBe(true);
    await createSummary(consultation.id, TEST_SUMMARY_ORIGIN, "streaming", id);
    store();
    await manager.drain();
    expect(await getSummary(id)).toMatchObject({ status: "complete", text: "a b c " });
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
    const { events, summaryId } = await run(["all ", "of ", "it"], 0);
    expect(events.map((event) => event.event)).not.toContain("done");
    expect(events.at(-1)).toMatchObject({ event: "error", data: { code: "storage_failed" } });
    expect((await getSummary(summaryId))?.status).not.toBe("complete");
  });

  it("stops a generation whose row could not be stored, leaving no trace", async () => {
    let calls = 0;
    const provider: SummaryProvider = {
      id: "scripted",
      async *stream(request): AsyncIterable<SummaryChunk> {
        calls++;
        for (let i = 0; i < 100 && !request.signal.aborted; i++) {
          await sleep(5);
          yield { type: "delta", text: "x" };
        }
        if (request.signal.aborted) throw new Error("aborted");
      },
    };
    const finished: string[] = [];
    const manager = new GenerationManager({
      provider,
      prices: {},
      orphanGraceMs: 60_000,
      observer: { finished: (summary) => finished.push(summary.id) },
    });
    const id = randomUUID();
    manager.start({ id, ...TEST_SUMMARY_ORIGIN }, REQUEST, Promise.reject(new Error("database unavailable")));
    await manager.drain(2_000);
    expect(calls).toBe(1);
    expect(manager.isRunning(id)).toBe(false);
    expect(await getSummary(id)).toBeUndefined();
    expect(finished).toEqual([]);
  });
});
