// Per-key rate limit in fixed one-minute windows, counted in the database, so every instance
// sharing it (PostgreSQL) enforces one limit together. One atomic upsert per attempt: the count
// only grows while under the limit, so denied attempts are not counted and concurrent attempts
// on several instances can never overshoot. Old windows are deleted by the retention purge.
import { lt, sql } from "drizzle-orm";

import type { Store } from "../db/store.server";

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one attempt for `key` when allowed; denied attempts are not counted. */
  check(key: string): Promise<RateLimitDecision>;
}

export const RATE_LIMIT_WINDOW_MS = 60_000;

export function createRateLimiter(
  store: Store,
  {
    limitPerMinute,
    now = Date.now,
  }: {
    limitPerMinute: number;
    now?: () => number;
  },
): RateLimiter {
  return {
    async check(key) {
      if (limitPerMinute <= 0) return { allowed: true };
      const { db, t } = store;
      const at = now();
      const windowStart = at - (at % RATE_LIMIT_WINDOW_MS);
      const counted = await db
        .insert(t.rateLimitWindows)
        .values({ key, windowStart: new Date(windowStart), count: 1 })
        .onConflictDoUpdate({
          target: [t.rateLimitWindows.key, t.rateLimitWindows.windowStart],
          set: { count: sql`${t.rateLimitWindows.count} + 1` },
          setWhere: lt(t.rateLimitWindows.count, limitPerMinute),
        })
        .returning({ count: t.rateLimitWindows.count });
      if (counted.length > 0) return { allowed: true };
      const retryAfterMs = windowStart + RATE_LIMIT_WINDOW_MS - at;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    },
  };
}

/** Deletes windows that ended before `now`; returns how many. */
export async function purgeRateLimitWindows(store: Store, now = new Date()): Promise<number> {
  const { db, t } = store;
  const deleted = await db
    .delete(t.rateLimitWindows)
    .where(lt(t.rateLimitWindows.windowStart, new Date(now.getTime() - RATE_LIMIT_WINDOW_MS)))
    .returning({ key: t.rateLimitWindows.key });
  return deleted.length;
}
