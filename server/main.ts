// The production HTTP server: validates configuration and opens the database before listening,
// serves the Remix build, logs one JSON line per request, exposes /metrics behind a token, and on
// SIGTERM/SIGINT drains running summaries (up to SHUTDOWN_DRAIN_MS) before exiting.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express from "express";

import {
  identifyUser,
  metricsEndpoint,
  requestObservability,
  type Logger,
  type RequestLocals,
} from "./observability.ts";
import { refuseWhileDatabaseUnavailable, type DatabaseRefusal } from "./database-guard.ts";
import { openFilesLimit } from "./open-files-limit.ts";
import { remixHandler } from "./remix-handler.ts";
import { answerUnexpectedErrors, refuseUnsupportedMethods, shedStreamsWhile } from "./request-guards.ts";
import { routeTemplateMatcher, type BuildRoute } from "./route-templates.ts";
import {
  refuseCrossOriginWrites,
  refuseUnknownHosts,
  securityHeaders,
  type SecuritySettings,
} from "./security.ts";
import { ShutdownState } from "./shutdown.ts";
import { limitStreamOpens } from "./stream-admission.ts";

/** What the app's startServices() returns: handed to every request as `context.services`. */
interface AppServices {
  config: {
    host: string;
    port: number;
    authMode: "local" | "clerk";
    appOrigins: string[];
    maxConnections: number;
    clerk?: { frontendApi: string };
    metricsToken?: string;
    shutdownDrainMs: number;
  };
}

interface AppEntry {
  log: Logger;
  startServices(): Promise<AppServices>;
  databaseProblem(services: AppServices): DatabaseRefusal | undefined;
  eventLoopLagging(services: AppServices): boolean;
  beginShutdown(services: AppServices): void;
  drainGenerations(services: AppServices, timeoutMs: number): Promise<number>;
  interruptGenerations(services: AppServices, reason: string): Promise<void>;
  stopServices(services: AppServices, reason: string): Promise<void>;
  metricsText(services: AppServices): Promise<{ contentType: string; body: string }>;
  recordHttpRequest(
    services: AppServices,
    method: string,
    route: string,
    status: number,
    seconds: number,
  ): void;
  isUuid(value: string): boolean;
  userHashFor(
    services: AppServices,
    credentials: {
      url: string;
      authorization?: string;
      cookie?: string;
    },
  ): Promise<string | undefined>;
}

const BUILD_URL = new URL("../build/index.js", import.meta.url);
const STATIC_DIR = new URL("../public", import.meta.url).pathname;
const FINGERPRINTED_DIR = new URL("../public/build", import.meta.url).pathname;
// Far above any valid consultation (100,000 characters), far below what could exhaust memory.
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
const SHUTDOWN_REASON =
  "The server restarted while this summary was being written. The text so far is saved: press Regenerate to continue.";
// Event streams one client may open: 20 at once, then 5 a second.
const STREAM_OPENS = { burst: 20, perSecond: 5 };
const STREAM_ROUTE = "/resources/summaries/:summaryId/stream";
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

/**
 * The origins allowed to write: APP_ORIGIN's, and in local mode the loopback origins of the port
 * actually bound (PORT=0 picks one).
 */
function securitySettings(port: number): SecuritySettings {
  const localMode = config.authMode === "local";
  const loopback = ["localhost", "127.0.0.1", "[::1]"].map((host) => `http://${host}:${port}`);
  const configured = config.appOrigins.filter((origin) => new URL(origin).port !== "0");
  return {
    appOrigins: localMode ? [...new Set([...configured, ...loopback])] : config.appOrigins,
    localMode,
    clerkFrontendApi: config.clerk?.frontendApi,
  };
}

function createApp(security: SecuritySettings): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(
    requestObservability({
      log,
      matchRoute: routeTemplateMatcher(build.routes as Record<string, BuildRoute>, entry.isUuid),
      recordHttpRequest: (method, route, status, seconds) =>
        entry.recordHttpRequest(services, method, route, status, seconds),
    }),
  );
  app.use(refuseUnsupportedMethods());
  app.use(shutdownState.middleware());
  app.use(refuseUnknownHosts(security));
  app.use(securityHeaders(security));
  app.get(
    "/metrics",
    metricsEndpoint(config.metricsToken, () => entry.metricsText(services)),
  );
  app.use(refuseWhileDatabaseUnavailable(() => entry.databaseProblem(services)));
  app.use(shedStreamsWhile(() => entry.eventLoopLagging(services)));
  app.use(refuseCrossOriginWrites(security));
  app.use("/build", express.static(FINGERPRINTED_DIR, { immutable: true, maxAge: "1y" }));
  app.use(express.static(STATIC_DIR, { maxAge: "1h" }));
  app.use(identifyUser((credentials) => entry.userHashFor(services, credentials)));
  app.all(
    "*",
    remixHandler({
      build,
      maxBodyBytes: MAX_REQUEST_BYTES,
      getLoadContext: (_req, res) => ({
        services: services as AppLoadContext["services"],
        cspNonce: res.locals.cspNonce as string,
        requestId: (res.locals as RequestLocals).requestId,
        clientGone: clientGoneSignal(res),
      }),
    }),
  );
  app.use(answerUnexpectedErrors(log));
  return app;
}

const build = await loadBuild();
const entry = build.entry.module as unknown as AppEntry;
const { log } = entry;
const services = await startEntry(entry);
const { config } = services;
const shutdownState = new ShutdownState();

// Connections waiting to be accepted: Node's default of 511 overflows in a burst of new streams
// while the event loop is busy, and the kernel then drops them (the client sees a reset, or a
// retry a second later). The kernel caps this at net.core.somaxconn.
const LISTEN_BACKLOG = 4096;
const server = createServer({
  // A client must send its headers within 10 s and its whole request within 30 s (a summary
  // response may stream far longer): slow senders cannot hold connections open.
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  // How often those deadlines are enforced (Node's default is every 30 s).
  connectionsCheckingInterval: 1_000,
});
// Beyond this, new connections are closed at once, so sockets never use up the file descriptors
// the database, the log and the workers need too.
const FILE_DESCRIPTORS_KEPT = 256;
const filesLimit = openFilesLimit();
server.maxConnections =
  filesLimit === undefined
    ? config.maxConnections
    : Math.max(16, Math.min(config.maxConnections, filesLimit - FILE_DESCRIPTORS_KEPT));
server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => {
  const { address, port } = server.address() as AddressInfo;
  const app = createApp(securitySettings(port));
  // Before Express, and before even the request log: a flood of stream opens must cost as little
  // as possible.
  const admitStreamOpen = limitStreamOpens({
    ...STREAM_OPENS,
    onRefused: (req) => entry.recordHttpRequest(services, req.method ?? "GET", STREAM_ROUTE, 429, 0),
  });
  server.on("request", (req, res) => {
    if (!admitStreamOpen(req, res)) app(req, res);
  });
  const host = address.includes(":") ? `[${address}]` : address;
  log.info("listening", { url: `http://${host}:${port}`, port, maxConnections: server.maxConnections });
});

/**
 * App Runner sends SIGTERM on every deploy. /ready turns "draining" and new streams get 503 at
 * once; running summaries get up to SHUTDOWN_DRAIN_MS to finish on their own, then the rest end
 * `interrupted` (their text so far is saved; `cancelled` is only ever the clinician's Stop); the database closes and the process
 * exits 0. A second signal cuts the drain short.
 */
async function shutdown(signal: string): Promise<void> {
  if (shutdownState.stopping) {
    log.info("second signal: interrupting running summaries now", { signal });
    void entry.interruptGenerations(services, SHUTDOWN_REASON);
    return;
  }
  shutdownState.stopping = true;
  entry.beginShutdown(services);
  log.info("shutting down", { signal, drainMs: config.shutdownDrainMs });
  server.closeIdleConnections();
  const remaining = await entry.drainGenerations(services, config.shutdownDrainMs);
  if (remaining > 0) log.warn("drain window over: cancelling running summaries", { remaining });
  await entry.interruptGenerations(services, SHUTDOWN_REASON);
  server.close();
  server.closeIdleConnections();
  await shutdownState.idle(FINAL_WRITE_MS);
  server.closeAllConnections();
  await entry.stopServices(services, SHUTDOWN_REASON);
  log.info("stopped", { signal });
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
