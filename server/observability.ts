// Request ids, one structured log line per request, HTTP metrics, and the token-protected
// /metrics endpoint. Nothing here reads a request or response body or logs a query string.
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { performance } from "node:perf_hooks";

import type express from "express";

import type { RouteMatch } from "./route-templates.ts";

type Fields = Record<string, string | number | boolean | null | undefined>;
export interface Logger {
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

export interface ObservabilityHooks {
  log: Logger;
  /** The route serving a path (no query string), or undefined when no route matches. */
  matchRoute(path: string): RouteMatch | undefined;
  recordHttpRequest(method: string, route: string, status: number, seconds: number): void;
}

export interface RequestLocals {
  requestId: string;
  /** Set before the Remix handler runs: resolves to the hashed id of the requesting user. */
  userHash?: Promise<string | undefined>;
}

// Ids from a proxy or client are kept when they look like ids: no spaces, no data.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The route a request went to, and its path as far as it can be logged: a path can carry any
 * text (a patient's name typed into the address bar), so only routes' own words, well-formed ids
 * and files that were actually served appear; anything else is left out.
 */
function routeOf(hooks: ObservabilityHooks, path: string, status: number): { route: string; path?: string } {
  const served = status < 400;
  if (path.startsWith("/build/")) return { route: "/build/*", path: served ? path : undefined };
  if (path === "/metrics" || path === "/__manifest") return { route: path, path };
  const match = hooks.matchRoute(path);
  if (match) return { route: match.template, path: match.path };
  // express.static answered: the public folder's files, a fixed small set.
  return served ? { route: "static", path } : { route: "unmatched" };
}

/**
 * Gives every request an id (a sane incoming X-Request-Id, or a new UUID), returns it as
 * X-Request-Id, and when the response ends writes one log line and one histogram sample.
 */
export function requestObservability(hooks: ObservabilityHooks): express.RequestHandler {
  return (req, res, next) => {
    const startedAt = performance.now();
    const incoming = req.headers["x-request-id"];
    const requestId =
      typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (res.locals as RequestLocals).requestId = requestId;
    res.setHeader("X-Request-Id", requestId);

    res.once("close", () => {
      const durationMs = performance.now() - startedAt;
      const status = res.statusCode;
      const { route, path } = routeOf(hooks, req.path, status);
      const method = KNOWN_METHODS.has(req.method) ? req.method : "OTHER";
      hooks.recordHttpRequest(method, route, status, durationMs / 1000);
      const aborted = !res.writableFinished;
      const userHash = (res.locals as RequestLocals).userHash ?? Promise.resolve(undefined);
      void userHash
        .catch(() => undefined)
        .then((user) => {
          const fields = {
            requestId,
            method,
            route,
            path,
            status,
            durationMs: Math.round(durationMs * 10) / 10,
            userHash: user,
            aborted: aborted || undefined,
          };
          if (status >= 500) hooks.log.error("request", fields);
          else hooks.log.info("request", fields);
        });
    });
    next();
  };
}

/** Starts identifying the user (hashed) in parallel with the Remix handler; awaited only when logging. */
export function identifyUser(
  userHashFor: (credentials: {
    url: string;
    authorization?: string;
    cookie?: string;
  }) => Promise<string | undefined>,
): express.RequestHandler {
  return (req, res, next) => {
    (res.locals as RequestLocals).userHash = userHashFor({
      url: `${req.protocol}://${req.headers.host ?? "localhost"}${req.path}`,
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    }).catch(() => undefined);
    next();
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * GET /metrics: Prometheus text for `Authorization: Bearer <token>`. Without a configured token
 * the endpoint does not exist (404); a missing or wrong token gets 401.
 */
export function metricsEndpoint(
  token: string | undefined,
  metricsText: () => Promise<{ contentType: string; body: string }>,
): express.RequestHandler {
  const expected = token ? digest(token) : undefined;
  return (req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    if (!expected) {
      res.status(404).json({ error: { code: "not_found", message: "Not found." } });
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      res
        .status(401)
        .setHeader("WWW-Authenticate", "Bearer")
        .json({
          error: { code: "unauthenticated", message: "Send the metrics token as Authorization: Bearer." },
        });
      return;
    }
    metricsText()
      .then(({ contentType, body }) => {
        res.status(200).setHeader("Content-Type", contentType).send(body);
      })
      .catch(next);
  };
}
