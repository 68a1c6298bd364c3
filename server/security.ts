// Security headers and cross-origin checks for every response the server sends.
import { randomBytes } from "node:crypto";

import type express from "express";

export interface SecuritySettings {
  /**
   * Origins the app is served from: the only ones allowed to send state-changing requests, and
   * (their host names) the only hosts it answers for.
   */
  appOrigins: string[];
  /** Single-user local mode: also answers for loopback host names, and only local pages may write. */
  localMode: boolean;
  /** Clerk's Frontend API host (its scripts, API calls and images), when sign-in is on. */
  clerkFrontendApi?: string;
}

export function contentSecurityPolicy(nonce: string, settings: SecuritySettings): string {
  const clerk = settings.clerkFrontendApi ? [`https://${settings.clerkFrontendApi}`] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, ...clerk],
    "connect-src": ["'self'", ...clerk],
    "img-src": ["'self'", "data:", ...(clerk.length > 0 ? ["https://img.clerk.com"] : [])],
    // Clerk's components inject their own styles.
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-src": clerk.length > 0 ? ["https://challenges.cloudflare.com"] : ["'none'"],
    "worker-src": ["'self'", "blob:"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** Per-request nonce (in res.locals.cspNonce) and the headers every response carries. */
export function securityHeaders(settings: SecuritySettings): express.RequestHandler {
  const https = settings.appOrigins.every((origin) => origin.startsWith("https://"));
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, settings));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (https) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Load balancers and monitors call these by address, with whatever Host they like; they return
// no consultation data (/metrics has its own token).
const ANY_HOST_PATHS = new Set(["/health", "/ready", "/metrics"]);

/** "localhost", any 127.x.x.x and ::1: names a page on another site cannot make a browser use for us. */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

function hostnameOf(host: string | undefined): string | undefined {
  if (!host || !URL.canParse(`http://${host}/`)) return undefined;
  return new URL(`http://${host}/`).hostname;
}

/**
 * Answers only for this app's own host names (APP_ORIGIN's; in local mode also loopback names),
 * so a page on another site that makes its own name resolve to this server (DNS rebinding) gets
 * 421, never a page, data or a write.
 */
export function refuseUnknownHosts(settings: SecuritySettings): express.RequestHandler {
  const known = new Set(settings.appOrigins.map((origin) => new URL(origin).hostname));
  return (req, res, next) => {
    if (ANY_HOST_PATHS.has(req.path)) return next();
    const hostname = hostnameOf(req.headers.host);
    if (hostname && (known.has(hostname) || (settings.localMode && isLoopbackHostname(hostname)))) {
      return next();
    }
    res
      .status(421)
      .setHeader("Cache-Control", "no-store")
      .json({
        error: {
          code: "unknown_host",
          message: settings.localMode
            ? "Local mode answers only on this computer: open it at http://localhost or http://127.0.0.1."
            : "This server does not serve that host name.",
        },
      });
  };
}

/** Refuses state-changing requests sent by another site's page (CSRF defence besides the token). */
export function refuseCrossOriginWrites(settings: SecuritySettings): express.RequestHandler {
  const allowedOrigins = new Set(settings.appOrigins);
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    const allowed = origin !== undefined && allowedOrigins.has(origin);
    const crossSite = req.headers["sec-fetch-site"] === "cross-site";
    if ((origin && !allowed) || (!origin && crossSite)) {
      res
        .status(403)
        .setHeader("Cache-Control", "no-store")
        .json({
          error: {
            code: "cross_origin",
            message: "Requests that change data must come from this app's own pages.",
          },
        });
      return;
    }
    next();
  };
}
