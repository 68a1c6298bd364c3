import { describe, expect, it } from "vitest";

import { createRateLimiter } from "./rate-limit.server";

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe("rate limiter", () => {
  it("allows limitPerMinute attempts in a sliding minute, then says when to retry", () => {
    const time = clock();
    const limiter = createRateLimiter({ limitPerMinute: 3, now: time.now });
    expect(limiter.check("u1")).toEqual({ allowed: true });
    time.advance(10_000);
    expect(limiter.check("u1")).toEqual({ allowed: true });
    time.advance(10_000);
    expect(limiter.check("u1")).toEqual({ allowed: true });
    time.advance(5_000);
    // The oldest attempt (25 s ago) leaves the window in 35 s.
    expect(limiter.check("u1")).toEqual({ allowed: false, retryAfterSeconds: 35 });
    time.advance(34_000);
    expect(limiter.check("u1")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1_000);
    expect(limiter.check("u1")).toEqual({ allowed: true });
    // Still sliding: the second attempt is 50 s old and must leave the window first.
    expect(limiter.check("u1")).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it("does not count denied attempts", () => {
    const time = clock();
    const limiter = createRateLimiter({ limitPerMinute: 1, now: time.now });
    expect(limiter.check("u1").allowed).toBe(true);
    for (let i = 0; i < 10; i++) {
      time.advance(5_000);
      expect(limiter.check("u1").allowed).toBe(false);
    }
    time.advance(10_000);
    expect(limiter.check("u1").allowed).toBe(true);
  });

  it("is off when the limit is 0", () => {
    const limiter = createRateLimiter({ limitPerMinute: 0 });
    for (let i = 0; i < 1000; i++) expect(limiter.check("u1")).toEqual({ allowed: true });
    expect(limiter.trackedKeys()).toBe(0);
  });

  it("keeps keys apart", () => {
    const time = clock();
    const limiter = createRateLimiter({ limitPerMinute: 1, now: time.now });
    expect(limiter.check("u1").allowed).toBe(true);
    expect(limiter.check("u1").allowed).toBe(false);
    expect(limiter.check("u2").allowed).toBe(true);
  });

  it("drops idle keys and never holds more than maxKeys", () => {
    const time = clock();
    const limiter = createRateLimiter({ limitPerMinute: 2, now: time.now, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) limiter.check(`user-${i}`);
    expect(limiter.trackedKeys()).toBe(100);
    // The most recent keys are the ones kept.
    expect(limiter.check("user-999").allowed).toBe(true);
    expect(limiter.check("user-999").allowed).toBe(false);
    time.advance(61_000);
    limiter.check("fresh");
    expect(limiter.trackedKeys()).toBe(1);
  });
});
