// Per-key sliding-window rate limit (one minute), kept in this process's memory. The interface is
// deliberately just `check(key)` so a shared store (PostgreSQL) can replace it later.
import { getConfig } from "../config/env.server";
import { remember } from "../utils/remember.server";

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one attempt for `key` when allowed; denied attempts are not counted. */
  check(key: string): RateLimitDecision;
}

export interface MemoryRateLimiter extends RateLimiter {
  /** How many keys are held in memory now (diagnostics and tests). */
  trackedKeys(): number;
}

const WINDOW_MS = 60_000;
const DEFAULT_MAX_KEYS = 10_000;

export function createRateLimiter({
  limitPerMinute,
  now = Date.now,
  maxKeys = DEFAULT_MAX_KEYS,
}: {
  limitPerMinute: number;
  now?: () => number;
  /** Upper bound on keys held; beyond it the least recently used key is forgotten. */
  maxKeys?: number;
}): MemoryRateLimiter {
  // Per key, the times of the allowed attempts in the last minute, oldest first (at most
  // limitPerMinute of them). Map order is least recently used first: keys are re-inserted on use.
  const attempts = new Map<string, number[]>();
  let nextSweepAt = 0;

  /** Drops keys with no attempt inside the window. Runs at most once a window. */
  function sweep(at: number): void {
    if (at < nextSweepAt) return;
    nextSweepAt = at + WINDOW_MS;
    for (const [key, times] of attempts) {
      if (times[times.length - 1]! <= at - WINDOW_MS) attempts.delete(key);
    }
  }

  return {
    check(key) {
      if (limitPerMinute <= 0) return { allowed: true };
      const at = now();
      sweep(at);
      const times = (attempts.get(key) ?? []).filter((time) => time > at - WINDOW_MS);
      attempts.delete(key);
      if (times.length >= limitPerMinute) {
        attempts.set(key, times);
        const retryAfterMs = times[0]! + WINDOW_MS - at;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
      }
      times.push(at);
      attempts.set(key, times);
      // Bounded memory: if still too many keys (all active), forget the least recently used. That
      // key then starts afresh, which only loosens the limit for someone idle the longest.
      while (attempts.size > maxKeys) attempts.delete(attempts.keys().next().value!);
      return { allowed: true };
    },
    trackedKeys: () => attempts.size,
  };
}

/** The process-wide limiter for starting summaries, keyed by user id (SUMMARY_RATE_LIMIT_PER_MINUTE). */
export function getSummaryRateLimiter(): RateLimiter {
  return remember("summaryRateLimiter", () =>
    createRateLimiter({ limitPerMinute: getConfig().summaryRateLimitPerMinute }),
  );
}
