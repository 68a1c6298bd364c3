import { afterAll, beforeEach, describe, expect, it } from "vitest";

import { releaseDatabase, testStore, useDatabase } from "../../test/support/in-process-database";
import { createRateLimiter, purgeRateLimitWindows, RATE_LIMIT_WINDOW_MS } from "./rate-limit.server";

function clock(start = 100 * RATE_LIMIT_WINDOW_MS) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe("rate limiter (counted in the database)", () => {
  beforeEach(async () => {
    await useDatabase();
  });
  afterAll(releaseDatabase);

  it("allows limitPerMinute attempts in a minute's window, then says when the window ends", async () => {
    const time = clock();
    const limiter = createRateLimiter(testStore(), { limitPerMinute: 3, now: time.now });
    expect(await limiter.check("u1")).toEqual({ allowed: true });
    time.advance(10_000);
    expect(await limiter.check("u1")).toEqual({ allowed: true });
    time.advance(10_000);
    expect(await limiter.check("u1")).toEqual({ allowed: true });
    time.advance(5_000);
    expect(await limiter.check("u1")).toEqual({ allowed: false, retryAfterSeconds: 35 });
    time.advance(34_500);
    expect(await limiter.check("u1")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(500);
    expect(await limiter.check("u1")).toEqual({ allowed: true });
  });

  it("does not count denied attempts, and keeps keys apart", async () => {
    const time = clock();
    const limiter = createRateLimiter(testStore(), { limitPerMinute: 1, now: time.now });
    expect(await limiter.check("u1")).toEqual({ allowed: true });
    for (let i = 0; i < 5; i++) expect((await limiter.check("u1")).allowed).toBe(false);
    expect(await limiter.check("u2")).toEqual({ allowed: true });
    time.advance(RATE_LIMIT_WINDOW_MS);
    expect(await limiter.check("u1")).toEqual({ allowed: true });
  });

  it("never lets concurrent attempts overshoot the limit", async () => {
    const limiter = createRateLimiter(testStore(), { limitPerMinute: 5, now: clock().now });
    const decisions = await Promise.all(Array.from({ length: 40 }, () => limiter.check("burst")));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
  });

  it("shares one count between limiters (as between instances on one database)", async () => {
    const time = clock();
    const first = createRateLimiter(testStore(), { limitPerMinute: 2, now: time.now });
    const second = createRateLimiter(testStore(), { limitPerMinute: 2, now: time.now });
    expect((await first.check("u1")).allowed).toBe(true);
    expect((await second.check("u1")).allowed).toBe(true);
    expect((await first.check("u1")).allowed).toBe(false);
    expect((await second.check("u1")).allowed).toBe(false);
  });

  it("a limit of 0 turns limiting off", async () => {
    const limiter = createRateLimiter(testStore(), { limitPerMinute: 0 });
    for (let i = 0; i < 20; i++) expect((await limiter.check("u1")).allowed).toBe(true);
  });

  it("purges windows that have ended", async () => {
    const time = clock();
    const limiter = createRateLimiter(testStore(), { limitPerMinute: 3, now: time.now });
    await limiter.check("old");
    time.advance(3 * RATE_LIMIT_WINDOW_MS);
    await limiter.check("new");
    expect(await purgeRateLimitWindows(testStore(), new Date(time.now()))).toBe(1);
    expect(await purgeRateLimitWindows(testStore(), new Date(time.now()))).toBe(0);
  });
});
