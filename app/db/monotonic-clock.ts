let last = 0;

/**
 * Now, but never the same millisecond twice in this process: rows created one after another keep
 * their order when sorted by created_at, in both dialects (neither has a portable insertion order).
 */
export function monotonicNow(): Date {
  last = Math.max(Date.now(), last + 1);
  return new Date(last);
}
