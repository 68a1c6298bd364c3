// Several instances of the app share one PostgreSQL database: a summary streams once, from the
// instance that called the model, to viewers on any instance, and outlives the instance writing it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startFakeOpenAI, tokensOf, type FakeOpenAI, type FakeStep } from "@consult-summary/core/testing";
import { withDeadline } from "../support/deadlines";
import { startAppServer, type AppServer } from "../support/app-server";
import { postConsultationStream } from "../support/api";
import { createDatabase } from "../support/postgres-cluster";
import { queryServerDatabase, storedSummaryRow } from "../support/server-database";
import { deltaText, openSse, type SseResponse } from "../support/sse";
import { WebSession } from "../support/web-session";

const SUMMARY = "## Plan\n- Doxycycline 100 mg twice a day for seven days.\n- Chest X-ray today.\n".repeat(6);
// Long and slow enough to still be streaming while a test attaches, stops or kills an instance.
const LONG_SUMMARY = SUMMARY.repeat(20);

function slowStream(text: string): FakeStep {
  return { type: "stream", tokens: tokensOf(text), tokenDelayMs: 15 };
}

let fake: FakeOpenAI;
const servers: AppServer[] = [];

/** An instance on the shared database, with its own data folder, as in a real deployment. */
async function startInstance(databaseUrl: string, env: Record<string, string> = {}): Promise<AppServer> {
  const server = await startAppServer({
    env: {
      DATABASE_URL: databaseUrl,
      SUMMARY_PROVIDER: "openai",
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.url,
      SESSION_SECRET: "multi-instance-test-secret",
      SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
      ...env,
    },
  });
  servers.push(server);
  return server;
}

function idsOf(stream: SseResponse): { summaryId: string; consultationId: string } {
  expect(stream.events[0]!.event).toBe("meta");
  return stream.events[0]!.data as { summaryId: string; consultationId: string };
}

function openSummaryStream(server: AppServer, summaryId: string): Promise<SseResponse> {
  return openSse(`${server.url}/resources/summaries/${summaryId}/stream`);
}

async function replay(server: AppServer, summaryId: string): Promise<SseResponse> {
  const stream = await openSummaryStream(server, summaryId);
  await stream.finished;
  return stream;
}

function deltaCount(stream: SseResponse): number {
  return stream.events.filter((received) => received.event === "delta").length;
}

/** Polls the database, as another process would, until the summary's partial text was saved. */
async function waitForSavedText(server: AppServer, summaryId: string): Promise<string> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const row = await storedSummaryRow(server, summaryId);
    if (row && row.text.length > 0) return row.text;
    if (performance.now() > deadline) throw new Error("no partial text was saved within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function summaryIdFromPage(html: string): string {
  const match = /"summary":\{"id":"([0-9a-f-]{36})"/.exec(html);
  if (!match) throw new Error("no summary id in the page");
  return match[1]!;
}

/** Creates a consultation from the form, as the browser does: its summary stays pending until viewed. */
async function createFromForm(server: AppServer): Promise<{ location: string }> {
  const created = await new WebSession(server.url).postForm("/?index", { notes: EXAMPLE_CONSULTATION });
  expect(created.status).toBe(302);
  return { location: created.headers.get("location")! };
}

async function pageSummaryId(server: AppServer, location: string): Promise<string> {
  const page = await fetch(`${server.url}${location}`);
  expect(page.status).toBe(200);
  return summaryIdFromPage(await page.text());
}

/** The one user of local mode (LOCAL_USER_ID), whose summaries the rate limiter counts. */
const LOCAL_USER = "local-user";

/** The user's rate-limit counts in the shared database, one per calendar minute, oldest first. */
async function rateLimitCounts(server: AppServer): Promise<{ windowStart: number; count: number }[]> {
  const rows = await queryServerDatabase<{ window_start: string; count: number }>(
    server,
    "select (extract(epoch from window_start) * 1000)::bigint as window_start, count from rate_limit_windows where key = ? order by window_start",
    LOCAL_USER,
  );
  return rows.map((row) => ({ windowStart: Number(row.window_start), count: row.count }));
}

describe.skipIf(process.env.TEST_DATABASE !== "postgres")(
  "several instances on one PostgreSQL database (postgres project only: needs a shared database)",
  () => {
    let databaseUrl: string;
    let a: AppServer;
    let b: AppServer;

    beforeAll(async () => {
      fake = await startFakeOpenAI({ defaultStep: slowStream(SUMMARY) });
      databaseUrl = await createDatabase(process.env.TEST_POSTGRES_URL!);
      [a, b] = await Promise.all([startInstance(databaseUrl), startInstance(databaseUrl)]);
    });

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop("SIGKILL")));
      await fake?.close();
    });

    it("streams a summary started on one instance to a viewer on the other, calling the model once", async () => {
      const before = fake.calls.length;
      const onA = await postConsultationStream(a.url);
      await onA.waitFor("delta", 3);
      const onB = await openSummaryStream(b, idsOf(onA).summaryId);
      await withDeadline(Promise.all([onA.finished, onB.finished]), 20_000, "both streams to end");

      expect(onA.events.at(-1)!.event).toBe("done");
      expect(onB.events.at(-1)!.event).toBe("done");
      expect(onB.events[0]!.event).toBe("meta");
      expect(deltaText(onA.events)).toBe(SUMMARY);
      expect(deltaText(onB.events)).toBe(SUMMARY);
      expect(onB.events.at(-1)!.data).toEqual(onA.events.at(-1)!.data);
      // Relayed live as it was written, not replayed once at the end.
      expect(deltaCount(onB)).toBeGreaterThan(2);
      expect(fake.calls.length).toBe(before + 1);

      const stored = await replay(b, idsOf(onA).summaryId);
      expect(deltaText(stored.events)).toBe(SUMMARY);
      expect(stored.events.at(-1)!.event).toBe("done");
    });

    it("starts a pending summary on the instance the page loads from; the other attaches to it", async () => {
      const before = fake.calls.length;
      const { location } = await createFromForm(a);
      const summaryId = await pageSummaryId(b, location);

      const onB = await openSummaryStream(b, summaryId);
      await onB.waitFor("delta", 3);
      const onA = await openSummaryStream(a, summaryId);
      await withDeadline(Promise.all([onA.finished, onB.finished]), 20_000, "both streams to end");

      expect(onB.events.at(-1)!.event).toBe("done");
      expect(onA.events.at(-1)!.event).toBe("done");
      expect(deltaText(onB.events)).toBe(SUMMARY);
      expect(deltaText(onA.events)).toBe(SUMMARY);
      expect(fake.calls.length).toBe(before + 1);
    });

    it("calls the model once when both instances open a pending summary at the same moment", async () => {
      const before = fake.calls.length;
      const { location } = await createFromForm(b);
      const summaryId = await pageSummaryId(a, location);

      const [onA, onB] = await Promise.all([
        openSummaryStream(a, summaryId),
        openSummaryStream(b, summaryId),
      ]);
      await withDeadline(Promise.all([onA.finished, onB.finished]), 20_000, "both streams to end");

      expect(onA.events.at(-1)!.event).toBe("done");
      expect(onB.events.at(-1)!.event).toBe("done");
      expect(deltaText(onA.events)).toBe(SUMMARY);
      expect(deltaText(onB.events)).toBe(SUMMARY);
      expect(fake.calls.length).toBe(before + 1);
    });

    it("stops a summary running on one instance from the page served by the other", async () => {
      fake.script(slowStream(LONG_SUMMARY));
      const onA = await postConsultationStream(a.url);
      await onA.waitFor("delta", 3);
      const callIndex = fake.calls.length - 1;
      const { consultationId, summaryId } = idsOf(onA);

      const stop = await new WebSession(b.url).postForm(`/consultations/${consultationId}`, {
        intent: "stop",
        summaryId,
      });
      expect(stop.status).toBe(200);
      await withDeadline(onA.finished, 10_000, "the stopped stream to end");
      expect(onA.events.at(-1)).toMatchObject({
        event: "error",
        data: { code: "cancelled", message: "Stopped by the clinician." },
      });
      await fake.aborted(callIndex, 10_000);
    });

    it("keeps serving a consultation and its partial summary when the instance writing it dies", async () => {
      const c = await startInstance(databaseUrl);
      const before = fake.calls.length;
      fake.script(slowStream(LONG_SUMMARY));
      const onC = await postConsultationStream(c.url);
      await onC.waitFor("delta", 3);
      const { consultationId, summaryId } = idsOf(onC);
      const onB = await openSummaryStream(b, summaryId);
      await onB.waitFor("delta");
      const saved = await waitForSavedText(c, summaryId);

      await c.stop("SIGKILL");
      await withDeadline(onB.finished, 15_000, "the watcher on the surviving instance to hear of the crash");
      expect(onB.failure).toBeUndefined();
      expect(onB.events.at(-1)).toMatchObject({ event: "error", data: { code: "interrupted" } });
      await fake.aborted(before, 10_000);

      const page = await fetch(`${b.url}/consultations/${consultationId}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Metformin 1000 mg twice a day");

      const stored = await replay(b, summaryId);
      const partial = deltaText(stored.events);
      expect(partial.startsWith(saved)).toBe(true);
      expect(LONG_SUMMARY.startsWith(partial)).toBe(true);
      expect(deltaText(onB.events).startsWith(partial)).toBe(true);
      expect(stored.events.at(-1)).toMatchObject({ event: "error", data: { code: "interrupted" } });
      // Nobody called the model again for it.
      expect(fake.calls.length).toBe(before + 1);
    }, 45_000);

    it("enforces one rate limit across instances", async () => {
      const limitedDatabase = await createDatabase(process.env.TEST_POSTGRES_URL!);
      const limit = { SUMMARY_RATE_LIMIT_PER_MINUTE: "2" };
      const [first, second] = await Promise.all([
        startInstance(limitedDatabase, limit),
        startInstance(limitedDatabase, limit),
      ]);
      const quickStream: FakeStep = { type: "stream", tokens: tokensOf(SUMMARY) };
      const post = (server: AppServer) =>
        fetch(`${server.url}/api/consultation`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
        });

      // The instances count in calendar minutes of the real clock, which the test cannot move. It
      // reads instead, from the shared table, which minute each allowed post was counted in, and
      // starts over (with no count) in the rare case that the minute turned between the posts.
      for (let attempt = 1; ; attempt++) {
        expect(attempt, "the minute turned in the middle of every attempt").toBeLessThanOrEqual(3);
        fake.script(quickStream, quickStream);
        for (const server of [first, first]) {
          const stream = await postConsultationStream(server.url);
          expect(stream.status).toBe(200);
          await stream.finished;
        }
        const counted = await rateLimitCounts(first);
        if (counted.length === 1) {
          expect(counted[0]!.count).toBe(2);
          const refused = await post(second);
          if (refused.status === 429) {
            expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
            expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
            break;
          }
          // Allowed only because the minute turned: `second` counted it in a new window.
          expect(refused.status).toBe(200);
          await refused.text();
          const after = await rateLimitCounts(first);
          expect(after).toHaveLength(2);
          expect(after[1]!.windowStart).toBeGreaterThan(counted[0]!.windowStart);
        } else {
          // The two posts on `first` were counted in two minutes, one each.
          expect(counted.map((window) => window.count)).toEqual([1, 1]);
        }
        await queryServerDatabase(first, "delete from rate_limit_windows where key = ?", LOCAL_USER);
      }
    }, 30_000);
  },
);
