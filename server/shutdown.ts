// Graceful shutdown support: while the process drains, new summary streams are refused (503
// shutting_down) and keep-alive connections are closed after their response; the open responses
// are tracked so the server can wait for their final bytes before it closes the sockets.
import type express from "express";

import { opensStream } from "./request-guards.ts";

const RETRY_AFTER_SECONDS = 5;

export class ShutdownState {
  stopping = false;
  private readonly open = new Set<express.Response>();
  private readonly idleWaiters = new Set<() => void>();

  /** Tracks open responses; once stopping, refuses new streams and asks clients to reconnect. */
  middleware(): express.RequestHandler {
    return (req, res, next) => {
      this.open.add(res);
      res.once("close", () => {
        this.open.delete(res);
        if (this.open.size === 0) for (const wake of this.idleWaiters) wake();
      });
      if (!this.stopping) return next();
      res.setHeader("Connection", "close");
      if (!opensStream(req)) return next();
      res
        .status(503)
        .setHeader("Retry-After", String(RETRY_AFTER_SECONDS))
        .setHeader("Cache-Control", "no-store")
        .json({
          error: {
            code: "shutting_down",
            message: "The server is restarting. Try again in a few seconds.",
          },
        });
    };
  }

  get openResponses(): number {
    return this.open.size;
  }

  /** Resolves once no response is open, or after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<void> {
    if (this.open.size === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.idleWaiters.add(done);
    });
  }
}
