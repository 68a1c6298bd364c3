// Security headers and cross-origin checks for every response the server sends.
import { randomBytes } from "node:crypto";

import type express from "express";

export interface SecuritySettings {
  /** Origins the app is served from; the only ones allowed to send state-changing requests. */
  appOrigins: string[];
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

/** Refuses state-changing requests sent by another site's page (CSRF defence besides the token). */
export function refuseCrossOriginWrites(settings: SecuritySettings): express.RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    // Same host as the request itself, or one of the configured public origins (behind a proxy).
    const allowed =
      origin === `${req.protocol}://${req.headers.host}` || settings.appOrigins.includes(origin ?? "");
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
