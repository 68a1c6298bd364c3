// Guards every request passes before it reaches the app: methods it serves, new summary streams
// refused while the event loop lags, and a JSON answer (never a stack trace) for anything that
// still goes wrong.
import type { IncomingMessage } from "node:http";

import type express from "express";

import type { Logger } from "./observability.ts";

const SERVED_METHODS = new Set(["GET", "HEAD", "POST"]);
const STREAM_PATH = /^\/resources\/summaries\/[^/]+\/stream\/?$/;
const LAGGING_RETRY_AFTER_SECONDS = "2";

/** Requests that would start or open a summary stream (Express's or Node's own request). */
export function opensStream(req: Pick<IncomingMessage, "method" | "url">): boolean {
  const path = (req.url ?? "").split("?", 1)[0]!;
  if (req.method === "POST") return path === "/api/consultation" || path === "/api/consultation/";
  return req.method === "GET" && STREAM_PATH.test(path);
}

/** TRACE, PUT, DELETE, OPTIONS…: 405 JSON. The app's forms and API use GET and POST only. */
export function refuseUnsupportedMethods(): express.RequestHandler {
  return (req, res, next) => {
    if (SERVED_METHODS.has(req.method)) return next();
    res
      .status(405)
      .setHeader("Allow", [...SERVED_METHODS].join(", "))
      .setHeader("Cache-Control", "no-store")
      .json({ error: { code: "method_not_allowed", message: `${req.method} is not supported here.` } });
  };
}

/** While `lagging()`, new summary streams get 503 JSON with Retry-After; everything else goes on. */
export function shedStreamsWhile(lagging: () => boolean): express.RequestHandler {
  return (req, res, next) => {
    if (!opensStream(req) || !lagging()) return next();
    res
      .status(503)
      .setHeader("Retry-After", LAGGING_RETRY_AFTER_SECONDS)
      .setHeader("Cache-Control", "no-store")
      .json({
        error: {
          code: "server_busy",
          message: "The server is busy. Try again in a moment.",
        },
      });
  };
}

/** The last handler: an error no route answered becomes a JSON 500 and a log line naming its kind only. */
export function answerUnexpectedErrors(log: Logger): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    log.error("unhandled request error", {
      method: req.method,
      errorName: error instanceof Error ? error.name : typeof error,
    });
    if (res.headersSent) {
      next(error);
      return;
    }
    res
      .status(500)
      .setHeader("Cache-Control", "no-store")
      .json({ error: { code: "internal_error", message: "Something went wrong. Try again." } });
  };
}
