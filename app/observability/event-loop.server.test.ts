import { describe, expect, it } from "vitest";

import { EventLoopWatch, LAG_THRESHOLD_MS, RECOVERY_MS } from "./event-loop.server";

/** A watch on a clock the test moves; `turn()` is the sampling timer firing. */
function watchWithClock() {
  let now = 0;
  const watch = new EventLoopWatch(() => now);
  return {
    watch,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("EventLoopWatch", () => {
  it("is not lagging while its timer fires on time", () => {
    const { watch, advance } = watchWithClock();
    for (let i = 0; i < 100; i++) {
      advance(20);
      watch.turn();
      expect(watch.lagging()).toBe(false);
    }
  });

  it("is lagging as soon as its timer is overdue by more than the threshold, before the timer runs", () => {
    const { watch, advance } = watchWithClock();
    advance(20 + LAG_THRESHOLD_MS);
    expect(watch.lagging()).toBe(false);
    advance(1);
    expect(watch.lagging()).toBe(true);
  });

  it("stays lagging for a while after a late turn, then recovers", () => {
    const { watch, advance } = watchWithClock();
    advance(20 + LAG_THRESHOLD_MS + 500);
    watch.turn();
    expect(watch.lagging()).toBe(true);
    for (let elapsed = 20; elapsed < RECOVERY_MS; elapsed += 20) {
      advance(20);
      watch.turn();
      expect(watch.lagging()).toBe(true);
    }
    advance(40);
    watch.turn();
    expect(watch.lagging()).toBe(false);
  });

  it("does not count a delay at or under the threshold", () => {
    const { watch, advance } = watchWithClock();
    advance(20 + LAG_THRESHOLD_MS);
    watch.turn();
    advance(1);
    expect(watch.lagging()).toBe(false);
  });

  it("reports the p99 of its turns' delays since the last report, then starts over", () => {
    const { watch, advance } = watchWithClock();
    expect(watch.takeDelayP99Ms()).toBeUndefined();
    for (let i = 0; i < 99; i++) {
      advance(20 + 2);
      watch.turn();
    }
    advance(20 + 300);
    watch.turn();
    const p99 = watch.takeDelayP99Ms();
    expect(p99).toBeGreaterThanOrEqual(2);
    expect(p99).toBeLessThan(300);
    expect(watch.takeDelayP99Ms()).toBeUndefined();
    advance(20 + 300);
    watch.turn();
    expect(watch.takeDelayP99Ms()).toBeCloseTo(300, 0);
  });
});
