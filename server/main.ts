// The production HTTP server: validates configuration and opens the database before listening,
// serves the Remix build, logs one JSON line per request, exposes /metrics behind a token, and on
// SIGTERM/SIGINT drains running summaries (up to SHUTDOWN_DRAIN_MS) before exiting.
import type { AddressInfo } from "node:net";

import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

import {
  identifyUser,
  metricsEndpoint,
  requestObservability,
  type Logger,
  type RequestLocals,
} from "./observability.ts";
import { refuseWhileDatabaseUnavailable, type DatabaseRefusal } from "./database-guard.ts";
import { routeTemplateMatcher, type BuildRoute } from "./route-templates.ts";
import { refuseCrossOriginWrites, securityHeaders } from "./security.ts";
import { ShutdownState } from "./shutdown.ts";

interface AppEntry {
  log: Logger;
  startServices(): Promise<{
    host: string;
    port: number;
    appOrigins: string[];
    clerk?: { frontendApi: string };
    metricsToken?: string;
    shutdownDrainMs: number;
  }>;
  databaseProblem(): DatabaseRefusal | undefined;
  beginShutdown(): void;
  drainGenerations(timeoutMs: number): Promise<number>;
  cancelGenerations(reason: string): Promise<void>;
  stopServices(reason: string): Promise<void>;
  metricsText(): Promise<{ contentType: string; body: string }>;
  recordHttpRequest(method: string, route: string, status: number, seconds: number): void;
  isUuid(value: string): boolean;
  userHashFor(credentials: {
    url: string;
    authorization?: string;
    cookie?: string;
  }): Promise<string | undefined>;
}

const BUILD_URL = new URL("../build/index.js", import.meta.url);
const STATIC_DIR = new URL("../public", import.meta.url).pathname;
const FINGERPRINTED_DIR = new URL("../public/build", import.meta.url).pathname;
// Far above any valid consultation (100,000 characters), far below what could exhaust memory.
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
const SHUTDOWN_REASON =
  "The server restarted while this summary was being written. The text so far is saved: press Regenerate to continue.";
// After the drain, how long the cancelled streams get to send their final event before sockets close.
const FINAL_WRITE_MS = 2_000;

async function loadBuild(): Promise<ServerBuild> {
  try {
    return (await import(BUILD_URL.href)) as ServerBuild;
  } catch (error) {
    // Startup only: the message names a file or a package, never request data. The logger lives
    // in the build, so this one line is written by hand in the same shape.
    const line = {
      level: "error",
      time: new Date().toISOString(),
      message: "cannot load the server build; run `npm run build` first",
      error: (error as Error).message,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    process.exit(1);
  }
}

async function startEntry(entry: AppEntry): ReturnType<AppEntry["startServices"]> {
  try {
    return await entry.startServices();
  } catch (error) {
    // Configuration and prompt errors list every problem in their message, for the operator.
    process.stderr.write(`\n${(error as Error).message}\n\n`);
    process.exit(1);
  }
}

/** Aborts when the connection closes before the response has been sent in full (see app/utils/client-gone.server.ts). */
function clientGoneSignal(res: express.Response): AbortSignal {
  const controller = new AbortController();
  let finished = false;
  res.once("finish", () => (finished = true));
  res.once("close", () => {
    if (!finished) controller.abort();
  });
  return controller.signal;
}

function refuseOversizedBodies(
  req: express.Request,
  res: express.Response,
  next: express.NextFunction,
): void {
  if (Number(req.headers["content-length"] ?? 0) > MAX_REQUEST_BYTES) {
    res.setHeader("Connection", "close");
    res.setHeader("Cache-Control", "no-store");
    res.status(413).json({
      error: { code: "body_too_large", message: `Requests are limited to ${MAX_REQUEST_BYTES} bytes.` },
    });
    return;
  }
  next();
}

const build = await loadBuild();
const entry = build.entry.module as unknown as AppEntry;
const { log } = entry;
const config = await startEntry(entry);

const shutdownState = new ShutdownState();
const app = express();
app.disable("x-powered-by");
const security = { appOrigins: config.appOrigins, clerkFrontendApi: config.clerk?.frontendApi };
app.use(
  requestObservability({
    log,
    matchRoute: routeTemplateMatcher(build.routes as Record<string, BuildRoute>, entry.isUuid),
    recordHttpRequest: entry.recordHttpRequest,
  }),
);
app.use(shutdownState.middleware());
app.use(securityHeaders(security));
app.get("/metrics", metricsEndpoint(config.metricsToken, entry.metricsText));
app.use(refuseOversizedBodies);
app.use(refuseWhileDatabaseUnavailable(entry.databaseProblem));
app.use(refuseCrossOriginWrites(security));
app.use("/build", express.static(FINGERPRINTED_DIR, { immutable: true, maxAge: "1y" }));
app.use(express.static(STATIC_DIR, { maxAge: "1h" }));
app.use(identifyUser(entry.userHashFor));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    getLoadContext: (_req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      requestId: (res.locals as RequestLocals).requestId,
      clientGone: clientGoneSignal(res),
    }),
  }),
);

// Connections waiting to be accepted: Node's default of 511 overflows in a burst of new streams
// while the event loop is busy, and the kernel then drops them (the client sees a reset, or a
// retry a second later). The kernel caps this at net.core.somaxconn.
const LISTEN_BACKLOG = 4096;
const server = app.listen(config.port, config.host, LISTEN_BACKLOG, () => {
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  log.info("listening", { url: `http://${host}:${port}`, port });
});

/**
 * App Runner sends SIGTERM on every deploy. /ready turns "draining" and new streams get 503 at
 * once; running summaries get up to SHUTDOWN_DRAIN_MS to finish on their own, then the rest end
 * with a `cancelled` error (their text so far is saved); the database closes and the process
 * exits 0. A second signal cuts the drain short.
 */
async function shutdown(signal: string): Promise<void> {
  if (shutdownState.stopping) {
    log.info("second signal: cancelling running summaries now", { signal });
    void entry.cancelGenerations(SHUTDOWN_REASON);
    return;
  }
  shutdownState.stopping = true;
  entry.beginShutdown();
  log.info("shutting down", { signal, drainMs: config.shutdownDrainMs });
  server.closeIdleConnections();
  const remaining = await entry.drainGenerations(config.shutdownDrainMs);
  if (remaining > 0) log.warn("drain window over: cancelling running summaries", { remaining });
  await entry.cancelGenerations(SHUTDOWN_REASON);
  server.close();
  server.closeIdleConnections();
  await shutdownState.idle(FINAL_WRITE_MS);
  server.closeAllConnections();
  await entry.stopServices(SHUTDOWN_REASON);
  log.info("stopped", { signal });
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
