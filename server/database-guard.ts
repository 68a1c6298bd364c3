// While the database cannot be reached, requests that would need it get a clear 503 at once
// (JSON for API and stream clients, a short page for browsers) instead of waiting out connection
// timeouts and failing with a 500. /health, /ready and /metrics keep answering.
import type express from "express";

const EXEMPT = new Set(["/health", "/ready", "/metrics"]);
const RETRY_AFTER_SECONDS = "5";
const MESSAGE = "The database is unavailable. Try again in a moment.";

export function refuseWhileDatabaseUnavailable(databaseAvailable: () => boolean) {
  return (req: express.Request, res: express.Response, next: express.NextFunction): void => {
    if (EXEMPT.has(req.path) || databaseAvailable()) {
      next();
      return;
    }
    res.setHeader("Retry-After", RETRY_AFTER_SECONDS);
    res.setHeader("Cache-Control", "no-store");
    res.status(503);
    if (req.accepts(["json", "html"]) === "html" && req.method === "GET") {
      res
        .type("html")
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head><body><h1>Temporarily unavailable</h1><p>${MESSAGE} Nothing you saved has been lost.</p></body></html>`,
        );
      return;
    }
    res.json({ error: { code: "database_unavailable", message: MESSAGE } });
  };
}
