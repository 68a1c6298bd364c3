// The production HTTP server: validates configuration and opens the database before listening,
// serves the Remix build, and shuts down cleanly on SIGTERM/SIGINT.
import type { AddressInfo } from "node:net";

import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

import { refuseCrossOriginWrites, securityHeaders } from "./security.ts";

interface AppEntry {
  startServices(): { host: string; port: number; appOrigins: string[]; clerk?: { frontendApi: string } };
  stopServices(reason: string): Promise<void>;
}

const BUILD_URL = new URL("../build/index.js", import.meta.url);
const STATIC_DIR = new URL("../public", import.meta.url).pathname;
const FINGERPRINTED_DIR = new URL("../public/build", import.meta.url).pathname;
// Far above any valid consultation (100,000 characters), far below what could exhaust memory.
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
const SHUTDOWN_REASON = "The server restarted while this summary was being written. Press Regenerate.";

function logLine(level: "info" | "error", message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  (level === "info" ? process.stdout : process.stderr).write(`${line}\n`);
}

async function loadBuild(): Promise<ServerBuild> {
  try {
    return (await import(BUILD_URL.href)) as ServerBuild;
  } catch (error) {
    // Startup only: the message names a file or a package, never request data.
    logLine("error", "cannot load the server build; run `npm run build` first", {
      error: (error as Error).message,
    });
    process.exit(1);
  }
}

function startEntry(entry: AppEntry): ReturnType<AppEntry["startServices"]> {
  try {
    return entry.startServices();
  } catch (error) {
    // Configuration and prompt errors list every problem in their message, for the operator.
    process.stderr.write(`\n${(error as Error).message}\n\n`);
    process.exit(1);
  }
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
const config = startEntry(entry);

const app = express();
app.disable("x-powered-by");
const security = { appOrigins: config.appOrigins, clerkFrontendApi: config.clerk?.frontendApi };
app.use(securityHeaders(security));
app.use(refuseOversizedBodies);
app.use(refuseCrossOriginWrites(security));
app.use("/build", express.static(FINGERPRINTED_DIR, { immutable: true, maxAge: "1y" }));
app.use(express.static(STATIC_DIR, { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
  }),
);

const server = app.listen(config.port, config.host, () => {
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  logLine("info", "listening", { url: `http://${host}:${port}`, port });
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logLine("info", "shutting down", { signal });
  server.close();
  await entry.stopServices(SHUTDOWN_REASON);
  server.closeAllConnections();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
