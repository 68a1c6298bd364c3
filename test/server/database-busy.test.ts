// Out of database connections under load is not an outage: the request that cannot get one gets a
// 503 `database_busy` (never a 500), the instance stays ready, and the held-up requests finish.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { startAppServer, type AppServer } from "../support/app-server";
import { pollUntil, withDeadline } from "../support/deadlines";

function post(server: AppServer): Promise<Response> {
  return fetch(`${server.url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
  });
}

describe.skipIf(process.env.TEST_DATABASE !== "postgres")(
  "a PostgreSQL pool with every connection busy (postgres project only: needs PostgreSQL)",
  () => {
    let server: AppServer;
    let locker: pg.Client;

    beforeAll(async () => {
      server = await startAppServer({
        env: {
          DATABASE_POOL_MAX: "2",
          DATABASE_CONNECT_TIMEOUT_MS: "300",
          SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
        },
      });
      locker = new pg.Client({ connectionString: server.databaseUrl });
      await locker.connect();
    });

    afterAll(async () => {
      await locker?.end();
      await server?.stop();
    });

    it("answers 503 database_busy to the request that gets no connection, and serves the rest", async () => {
      // Another session holds the table, so the app's inserts wait, each holding a pooled connection.
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE consultations IN ACCESS EXCLUSIVE MODE");
      const heldUp = [post(server), post(server)];
      // Both pooled connections are taken once PostgreSQL shows both inserts waiting for the lock.
      await pollUntil(
        async () => {
          await locker.query("select pg_stat_clear_snapshot()"); // or the transaction sees its first look again
          const { rows } = await locker.query<{ waiting: number }>(
            `select count(*)::int as waiting from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "consultations"%'`,
          );
          return rows[0]!.waiting === 2;
        },
        10_000,
        "both held-up requests to wait for the lock",
      );
      const refused = await post(server);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("2");
      expect(await refused.json()).toEqual({
        error: {
          code: "database_busy",
          message: "The database is too busy right now. Try again in a moment.",
        },
      });
      expect((await fetch(`${server.url}/health`)).status).toBe(200);

      await locker.query("COMMIT");
      const finished = await withDeadline(Promise.all(heldUp), 10_000, "the held-up requests");
      expect(finished.map((response) => response.status)).toEqual([200, 200]);
      await Promise.all(finished.map((response) => response.text()));
      // Not taken for an outage: the next request is served, and the instance is ready.
      const next = await post(server);
      expect(next.status).toBe(200);
      await next.text();
      expect((await fetch(`${server.url}/ready`)).status).toBe(200);
      expect(server.output()).not.toMatch(/"status":500/);
    });
  },
);
