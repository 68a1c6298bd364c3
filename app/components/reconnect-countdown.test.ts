import { describe, expect, it } from "vitest";

import { secondsUntil } from "./reconnect-countdown";

describe("secondsUntil", () => {
  it("counts whole seconds up, never below zero", () => {
    expect(secondsUntil(10_000, 6_001)).toBe(4);
    expect(secondsUntil(10_000, 6_000)).toBe(4);
    expect(secondsUntil(10_000, 9_999)).toBe(1);
    expect(secondsUntil(10_000, 10_000)).toBe(0);
    expect(secondsUntil(10_000, 12_000)).toBe(0);
  });
});
