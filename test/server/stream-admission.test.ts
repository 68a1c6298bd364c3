// The stream-open limiter in front of the app, driven with a clock the test moves.
import type express from "express";
import { describe, expect, it } from "vitest";

import { limitStreamOpens } from "../../server/stream-admission";

function streamRequest(credential?: string): express.Request {
  return {
    method: "GET",
    path: "/resources/summaries/0b7b3c2e-8d41-4c52-9a55-2f3f0c1d9e10/stream",
    headers: credential ? { authorization: `Bearer ${credential}` } : {},
  } as unknown as express.Request;
}

/** Runs the middleware once: "next" when it let the request through, else the status it answered. */
function admit(middleware: express.RequestHandler, req: express.Request): number | "next" {
  let outcome: number | "next" = "next";
  const res = {
    writeHead(status: number) {
      outcome = status;
      return res;
    },
    end() {
      return res;
    },
  } as unknown as express.Response;
  middleware(req, res, () => undefined);
  return outcome;
}

describe("limitStreamOpens", () => {
  it("lets a burst through, refuses the rest with 429, and refills at the sustained rate", () => {
    let now = 0;
    const refused: string[] = [];
    const limit = limitStreamOpens({
      burst: 3,
      perSecond: 2,
      now: () => now,
      onRefused: (req) => refused.push(req.path),
    });
    const outcomes = Array.from({ length: 5 }, () => admit(limit, streamRequest("a")));
    expect(outcomes).toEqual(["next", "next", "next", 429, 429]);
    expect(refused).toHaveLength(2);
    now += 500; // one more token
    expect(admit(limit, streamRequest("a"))).toBe("next");
    expect(admit(limit, streamRequest("a"))).toBe(429);
  });

  it("counts each credential on its own and leaves other requests alone", () => {
    const limit = limitStreamOpens({ burst: 1, perSecond: 1, now: () => 0 });
    expect(admit(limit, streamRequest("a"))).toBe("next");
    expect(admit(limit, streamRequest("a"))).toBe(429);
    expect(admit(limit, streamRequest("b"))).toBe("next");
    const page = { ...streamRequest("a"), path: "/" } as express.Request;
    expect(admit(limit, page)).toBe("next");
  });
});
