import type { CurrentUser } from "../auth/auth.server";
import type { RateLimiter } from "../security/rate-limit.server";

export interface RateLimitProblem {
  code: "rate_limited";
  status: 429;
  message: string;
  headers: { "Retry-After": string };
}

/** Undefined when the user may start another summary now; else the 429 to answer. */
export async function checkSummaryRateLimit(
  limiter: RateLimiter,
  user: CurrentUser,
): Promise<RateLimitProblem | undefined> {
  const verdict = await limiter.check(user.id);
  if (verdict.allowed) return undefined;
  return {
    code: "rate_limited",
    status: 429,
    message: `Too many summaries started in the last minute. Try again in ${verdict.retryAfterSeconds} s.`,
    headers: { "Retry-After": String(verdict.retryAfterSeconds) },
  };
}
