// PostgreSQL goes away under a running server and comes back: the server says so (503, error
// events) instead of crashing or hanging, loses nothing committed, and serves again afterwards.
// A private cluster, so stopping it disturbs no other test file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { pollUntil, withDeadline } from "../support/deadlines";
import { startAppServer, type AppServer } from "../support/app-server";
import { postConsultationStream } from "../support/api";
import {
  createDatabase,
  createPostgresCluster,
  destroyPostgresCluster,
  startPostgres,
  stopPostgres,
  type PostgresCluster,
} from "../support/postgres-cluster";
import { deltaText, openSse, type SseResponse } from "../support/sse";

const SUMMARY = "## Chief complaint\n- Cough for ten days.\n\n## Plan\n- Chest X-ray today.\n";
const LONG_SUMMARY = "## Plan\n- Doxycycline 100 mg twice a day for seven days.\n".repeat(200);

function idsOf(stream: SseResponse): { summaryId: string; consultationId: string } {
  expect(stream.events[0]!.event).toBe("meta");
  return stream.events[0]!.data as { summaryId: string; consultationId: string };
}

describe.skipIf(process.env.TEST_DATABASE !== "postgres")(
  "PostgreSQL stops and starts again under a running server (postgres project only: needs PostgreSQL)",
  () => {
    let cluster: PostgresCluster;
    let fake: FakeOpenAI;
    let server: AppServer;
    // Committed before the outage; must all be there afterwards.
    let committed: { consultationId: string; summaryId: string };
    // Streaming when the database went away.
    let cutOff: { consultationId: string; summaryId: string };

    beforeAll(async () => {
      cluster = await createPostgresCluster();
      fake = await startFakeOpenAI({ defaultStep: { type: "stream", tokens: tokensOf(SUMMARY) } });
      server = await startAppServer({
        env: {
          DATABASE_URL: await createDatabase(cluster.adminUrl),
          DATABASE_CONNECT_TIMEOUT_MS: "1000",
          SUMMARY_PROVIDER: "openai",
          OPENAI_API_KEY: "sk-test",
          OPENAI_BASE_URL: fake.url,
          SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
        },
      });
    });

    afterAll(async () => {
      await server?.stop("SIGKILL");
      await fake?.close();
      if (cluster) await destroyPostgresCluster(cluster);
    });

    function expectServerAlive(): void {
      expect(server.process.exitCode, server.output()).toBeNull();
      expect(server.process.signalCode, server.output()).toBeNull();
    }

    async function readyStatus(): Promise<number> {
      const response = await fetch(`${server.url}/ready`);
      await response.body?.cancel();
      return response.status;
    }

    function postConsultation(): Promise<Response> {
      return fetch(`${server.url}/api/consultation`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
      });
    }

    // The cases run in order: together they are one outage.

    it("stores a consultation and its complete summary", async () => {
      const stream = await postConsultationStream(server.url);
      await stream.finished;
      expect(stream.events.at(-1)!.event).toBe("done");
      expect(deltaText(stream.events)).toBe(SUMMARY);
      committed = idsOf(stream);
    });

    it("ends a stream in flight with an error event when PostgreSQL stops", async () => {
      fake.script({ type: "stream", tokens: tokensOf(LONG_SUMMARY), tokenDelayMs: 10 });
      const stream = await postConsultationStream(server.url);
      await stream.waitFor("delta", 3);
      cutOff = idsOf(stream);

      await stopPostgres(cluster);
      await withDeadline(stream.finished, 20_000, "the stream in flight to end");
      expect(stream.failure).toBeUndefined();
      expect(stream.events.at(-1)).toMatchObject({
        event: "error",
        data: { code: "database_unavailable", retryable: true },
      });
      expectServerAlive();
    }, 40_000);

    it("answers 503 while the database is gone, and keeps /health up", async () => {
      await pollUntil(async () => (await readyStatus()) === 503, 15_000, "/ready to report 503");
      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "not_ready", checks: { database: "failed" } });

      const created = await postConsultation();
      expect(created.status).toBe(503);
      expect(created.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await created.json()).toMatchObject({ error: { code: "database_unavailable" } });

      const page = await fetch(`${server.url}/consultations/${committed.consultationId}`);
      await page.body?.cancel();
      expect(page.status).toBe(503);

      const health = await fetch(`${server.url}/health`);
      await health.body?.cancel();
      expect(health.status).toBe(200);
      expectServerAlive();
    }, 40_000);

    it("serves again once PostgreSQL is back, with nothing committed lost", async () => {
      await startPostgres(cluster);
      await pollUntil(async () => (await readyStatus()) === 200, 30_000, "/ready to report 200 again");

      const page = await fetch(`${server.url}/consultations/${committed.consultationId}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Metformin 1000 mg twice a day");
      const stored = await openSse(`${server.url}/resources/summaries/${committed.summaryId}/stream`);
      await stored.finished;
      expect(deltaText(stored.events)).toBe(SUMMARY);
      expect(stored.events.at(-1)!.event).toBe("done");

      const fresh = await postConsultationStream(server.url);
      await withDeadline(fresh.finished, 20_000, "a new summary to finish");
      expect(fresh.status).toBe(200);
      expect(fresh.events.at(-1)!.event).toBe("done");
      expect(deltaText(fresh.events)).toBe(SUMMARY);
      expectServerAlive();
    }, 60_000);

    it("keeps the consultation cut off by the outage, and its summary ends as an error, not a hang", async () => {
      const page = await fetch(`${server.url}/consultations/${cutOff.consultationId}`);
      await page.body?.cancel();
      expect(page.status).toBe(200);

      const replay = await openSse(`${server.url}/resources/summaries/${cutOff.summaryId}/stream`);
      await withDeadline(replay.finished, 20_000, "the cut-off summary's replay to end");
      expect(replay.events.at(-1)!.event).toBe("error");
      expect(LONG_SUMMARY.startsWith(deltaText(replay.events))).toBe(true);
      expectServerAlive();
    }, 40_000);
  },
);
