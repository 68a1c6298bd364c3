// Request logs, /metrics and /ready on the built server over real HTTP.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { chmodSync } from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { queryServerDatabase } from "../support/server-database";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestClerk, type TestClerk } from "../support/clerk";
import { openSse } from "../support/sse";

// A string that appears only in the notes and the query string: it must never be logged.
const MARKER = `PHI-MARKER-${randomBytes(6).toString("hex")}`;
const NOTES = `Doctor: What brings you in today, ${MARKER}?\nPatient: A cough for three days.\nDoctor: Rest and fluids.`;
const METRICS_TOKEN = `metrics-${randomBytes(16).toString("hex")}`;
const SESSION_SECRET = randomBytes(32).toString("hex");

let local: AppServer;
let clerk: TestClerk;
let signedIn: AppServer;

/** The hash the request log should show for a user id (same derivation as the server's). */
function expectedHash(userId: string, sessionSecret: string): string {
  const salt = createHash("sha256").update(`consult-summary:log-user-id:${sessionSecret}`).digest();
  return createHmac("sha256", salt).update(userId).digest("hex").slice(0, 16);
}

interface LogLine {
  level: string;
  time: string;
  message: string;
  [field: string]: unknown;
}

function logLines(server: AppServer): LogLine[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The request log lines with this id, once the server has written at least one. */
async function requestLines(server: AppServer, requestId: string): Promise<LogLine[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const lines = logLines(server).filter(
      (line) => line.message === "request" && line.requestId === requestId,
    );
    if (lines.length > 0) {
      // Give a duplicate line the chance to show up before counting.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return logLines(server).filter((line) => line.message === "request" && line.requestId === requestId);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no request log line for ${requestId}:\n${server.output()}`);
}

async function metrics(server: AppServer): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  return response.text();
}

beforeAll(async () => {
  clerk = createTestClerk();
  [local, signedIn] = await Promise.all([
    startAppServer({ env: { METRICS_TOKEN, SESSION_SECRET, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } }),
    startAppServer({ env: { ...clerk.env, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([local?.stop(), signedIn?.stop()]);
});

describe("request ids and request logs", () => {
  it("echoes a sane incoming X-Request-Id and generates one otherwise", async () => {
    const given = `test-${randomBytes(8).toString("hex")}`;
    const echoed = await fetch(`${local.url}/health`, { headers: { "x-request-id": given } });
    expect(echoed.headers.get("x-request-id")).toBe(given);
    expect(await requestLines(local, given)).toHaveLength(1);

    const generated = await fetch(`${local.url}/health`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const insane = await fetch(`${local.url}/health`, {
      headers: { "x-request-id": "has spaces, and more" },
    });
    expect(insane.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("writes one JSON line per request with route, status and duration, and no query string or notes", async () => {
    const requestId = `stream-${randomBytes(8).toString("hex")}`;
    const stream = await openSse(`${local.url}/api/consultation?note=${MARKER}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ notes: NOTES }),
    });
    await stream.finished;
    expect(stream.events.at(-1)!.event).toBe("done");
    const { consultationId } = stream.events[0]!.data as { consultationId: string };

    const [line, ...more] = await requestLines(local, requestId);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: "info",
      message: "request",
      method: "POST",
      route: "/api/consultation",
      path: "/api/consultation",
      status: 200,
      userHash: expectedHash("local-user", SESSION_SECRET),
    });
    expect(typeof line!.durationMs).toBe("number");
    expect(typeof line!.time).toBe("string");

    // Routes with ids are grouped under their template; the path keeps no query string.
    const pageId = `page-${randomBytes(8).toString("hex")}`;
    await fetch(`${local.url}/consultations/${consultationId}?q=${MARKER}`, {
      headers: { "x-request-id": pageId },
    });
    const [page] = await requestLines(local, pageId);
    expect(page).toMatchObject({
      route: "/consultations/:consultationId",
      path: `/consultations/${consultationId}`,
      status: 200,
    });

    expect(local.output()).not.toContain(MARKER);
    expect(local.output()).not.toContain("?note=");
    expect(local.output()).not.toContain("local-user");
  });

  it("logs a path only as its route's words and well-formed ids: text typed into a path is in no log line", async () => {
    const name = `Mrs-Pathname-${randomBytes(6).toString("hex")}`;
    const typed = encodeURIComponent(`${name}, born 1950`);
    const id = "00000000-0000-4000-8000-000000000000";
    // [requested path, route logged, path logged]
    const cases: Array<[string, string, string | undefined]> = [
      [`/consultations/${typed}`, "/consultations/:consultationId", "/consultations/:consultationId"],
      [
        `/consultations/${typed}/export`,
        "/consultations/:consultationId/export",
        "/consultations/:consultationId/export",
      ],
      [
        `/resources/summaries/${typed}/stream`,
        "/resources/summaries/:summaryId/stream",
        "/resources/summaries/:summaryId/stream",
      ],
      [`/consultations/${id}`, "/consultations/:consultationId", `/consultations/${id}`],
      [`/build/${typed}.js`, "/build/*", undefined],
      [`/${typed}`, "unmatched", undefined],
    ];
    for (const [path, route, logged] of cases) {
      const requestId = `path-${randomBytes(8).toString("hex")}`;
      await (await fetch(`${local.url}${path}`, { headers: { "x-request-id": requestId } })).body?.cancel();
      const [line] = await requestLines(local, requestId);
      expect([line!.route, line!.path], path).toEqual([route, logged]);
    }
    expect(local.output()).not.toContain(name);
  });

  it("logs a hashed Clerk user id, never the id itself", async () => {
    const token = clerk.sign({ sub: "user_observability_check" });
    const requestId = `clerk-${randomBytes(8).toString("hex")}`;
    const response = await fetch(`${signedIn.url}/api/consultation`, {
      headers: { authorization: `Bearer ${token}`, "x-request-id": requestId },
    });
    expect(response.status).toBe(405);
    const [line] = await requestLines(signedIn, requestId);
    expect(line).toMatchObject({
      route: "/api/consultation",
      status: 405,
      userHash: expectedHash("user_observability_check", clerk.env.SESSION_SECRET!),
    });
    expect(signedIn.output()).not.toContain("user_observability_check");

    // No credentials, or a forged token: no user.
    const anonymousId = `anon-${randomBytes(8).toString("hex")}`;
    await fetch(`${signedIn.url}/api/consultation`, {
      headers: { authorization: "Bearer not-a-token", "x-request-id": anonymousId },
    });
    const [anonymous] = await requestLines(signedIn, anonymousId);
    expect(anonymous).toMatchObject({ status: 401 });
    expect(anonymous!.userHash).toBeUndefined();
  });
});

describe("/metrics", () => {
  it("does not exist without METRICS_TOKEN", async () => {
    const response = await fetch(`${signedIn.url}/metrics`, {
      headers: { authorization: "Bearer anything" },
    });
    expect(response.status).toBe(404);
  });

  it("answers 401 JSON to a missing or wrong token", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${METRICS_TOKEN}x` },
      { authorization: METRICS_TOKEN },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${local.url}/metrics`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
    }
  });

  it("serves summary, HTTP and process metrics, with no stream left active after a summary ends", async () => {
    const stream = await openSse(`${local.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notes: NOTES }),
    });
    await stream.finished;
    expect(stream.events.at(-1)!.event).toBe("done");

    const text = await metrics(local);
    expect(text).toMatch(
      /^summary_time_to_first_token_seconds_bucket\{le="[^"]+",provider="embedded",model="[^"]+",prompt_version="[^"]+"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^summary_time_to_first_token_seconds_count\{[^}]*provider="embedded"[^}]*\} [1-9]/m,
    );
    expect(text).toMatch(/^summary_latency_seconds_count\{[^}]*status="complete"[^}]*\} [1-9]/m);
    expect(text).toMatch(
      /^summary_tokens_total\{provider="embedded",model="[^"]+",direction="output"\} [1-9]/m,
    );
    expect(text).toMatch(/^summary_cost_usd_total\{provider="embedded"/m);
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="POST",route="\/api\/consultation",status="200"\} [1-9]/m,
    );
    expect(text).toMatch(/^summary_active_streams 0$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^# TYPE summary_errors_total counter$/m);
    expect(text).not.toContain(MARKER);
  });
});

describe("/ready", () => {
  const databaseFile = () => path.join(local.dataDir, "consult-summary.sqlite");

  async function ready(server: AppServer) {
    const response = await fetch(`${server.url}/ready`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("answers 200 with its checks when the database is writable, migrated and a provider is set", async () => {
    expect(await ready(local)).toEqual({
      status: 200,
      body: {
        status: "ready",
        checks: { database: "ok", migrations: "ok", provider: "ok", eventLoop: "ok" },
      },
    });
  });

  // PostgreSQL: database-restart.test.ts stops the database itself and checks /ready.
  it.skipIf(process.env.TEST_DATABASE === "postgres")(
    "answers 503 naming the database when it cannot take the write lock",
    async () => {
      const other = new Database(databaseFile());
      try {
        other.exec("BEGIN IMMEDIATE");
        const { status, body } = await ready(local);
        expect(status).toBe(503);
        expect(body).toMatchObject({
          status: "not_ready",
          checks: { database: "failed" },
          failing: ["database"],
        });
      } finally {
        other.exec("ROLLBACK");
        other.close();
      }
      expect((await ready(local)).status).toBe(200);
    },
  );

  // Root ignores file permissions, so there the read-only case cannot be produced this way; the
  // write-lock test above and the migrations test below cover the failing paths in any case.
  it.skipIf(process.getuid?.() === 0 || process.env.TEST_DATABASE === "postgres")(
    "answers 503 when the data directory is read-only",
    async () => {
      chmodSync(local.dataDir, 0o555);
      chmodSync(databaseFile(), 0o444);
      try {
        const { status, body } = await ready(local);
        expect(status).toBe(503);
        expect(body).toMatchObject({ failing: ["database"] });
      } finally {
        chmodSync(local.dataDir, 0o755);
        chmodSync(databaseFile(), 0o644);
      }
    },
  );

  it("answers 503 naming the migrations when one is not applied", async () => {
    const restore = await forgetLastMigration(local);
    try {
      const { status, body } = await ready(local);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: "not_ready",
        checks: { migrations: "failed" },
        failing: ["migrations"],
      });
    } finally {
      await restore();
    }
    expect((await ready(local)).status).toBe(200);
  });
});

/** Deletes the newest row of drizzle's migration journal; returns how to put it back. */
async function forgetLastMigration(server: AppServer): Promise<() => Promise<void>> {
  if (server.databaseUrl) {
    const table = "drizzle.__drizzle_migrations";
    const [last] = await queryServerDatabase<{ id: number; hash: string; created_at: string }>(
      server,
      `DELETE FROM ${table} WHERE id = (SELECT max(id) FROM ${table}) RETURNING id, hash, created_at`,
    );
    return async () => {
      await queryServerDatabase(
        server,
        `INSERT INTO ${table} (id, hash, created_at) VALUES (?, ?, ?)`,
        last!.id,
        last!.hash,
        last!.created_at,
      );
    };
  }
  const other = new Database(path.join(server.dataDir, "consult-summary.sqlite"));
  // drizzle's table has no integer key of its own (its id column may be null): use the rowid.
  const last = other
    .prepare("SELECT rowid AS row, hash, created_at FROM __drizzle_migrations ORDER BY rowid DESC LIMIT 1")
    .get() as { row: number; hash: string; created_at: unknown };
  other.prepare("DELETE FROM __drizzle_migrations WHERE rowid = ?").run(last.row);
  return async () => {
    other
      .prepare("INSERT INTO __drizzle_migrations (rowid, hash, created_at) VALUES (?, ?, ?)")
      .run(last.row, last.hash, last.created_at);
    other.close();
  };
}
