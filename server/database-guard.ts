// While the database cannot serve requests (it cannot be reached, or its disk is full), requests
// that would need it get a clear 503 at once (JSON for API and stream clients, a short page for
// browsers) instead of waiting out connection timeouts or failing with a 500. /health, /ready and
// /metrics keep answering.
import type express from "express";

const EXEMPT = new Set(["/health", "/ready", "/metrics"]);

export interface DatabaseRefusal {
  /** `database_unavailable` or `database_full`. */
  code: string;
  message: string;
  retryAfterSeconds: number;
}

export function refuseWhileDatabaseUnavailable(databaseProblem: () => DatabaseRefusal | undefined) {
  return (req: express.Request, res: express.Response, next: express.NextFunction): void => {
    const problem = EXEMPT.has(req.path) ? undefined : databaseProblem();
    if (!problem) {
      next();
      return;
    }
    res.setHeader("Retry-After", String(problem.retryAfterSeconds));
    res.setHeader("Cache-Control", "no-store");
    res.status(503);
    if (req.accepts(["json", "html"]) === "html" && req.method === "GET") {
      res
        .type("html")
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head><body><h1>Temporarily unavailable</h1><p>${problem.message} Nothing you saved has been lost.</p></body></html>`,
        );
      return;
    }
    res.json({ error: { code: problem.code, message: problem.message } });
  };
}
