// The stream-open limiter in front of the app, driven with a clock the test moves.
import type { IncomingMessage, ServerResponse } from "node:http";

import { describe, expect, it } from "vitest";

import { limitStreamOpens } from "./stream-admission";

function streamRequest(
  credential?: string,
  url = "/resources/summaries/0b7b3c2e/stream?x=1",
): IncomingMessage {
  return {
    method: "GET",
    url,
    headers: credential ? { authorization: `Bearer ${credential}` } : {},
  } as unknown as IncomingMessage;
}

type Check = ReturnType<typeof limitStreamOpens>;

/** Runs the check once: "next" when it let the request through, else the status it answered. */
function admit(check: Check, req: IncomingMessage): number | "next" {
  let status = 0;
  const res = {
    writeHead(code: number) {
      status = code;
      return res;
    },
    end() {
      return res;
    },
  } as unknown as ServerResponse;
  return check(req, res) ? status : "next";
}

describe("limitStreamOpens", () => {
  it("lets a burst through, refuses the rest with 429, and refills at the sustained rate", () => {
    let now = 0;
    const refused: string[] = [];
    const limit = limitStreamOpens({
      burst: 3,
      perSecond: 2,
      now: () => now,
      onRefused: (req) => refused.push(req.url ?? ""),
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
    expect(admit(limit, streamRequest("a", "/"))).toBe("next");
  });
});
