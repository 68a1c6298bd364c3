// A cap on the summary event streams one user holds open on this instance (STREAMS_PER_USER):
// each open stream costs a socket, memory and an audit entry, and no clinician needs more than a
// few tabs on their summaries at once.
import { apiError } from "../utils/api-errors.server";

/** Gives the slot back; calling it more than once is harmless. */
export type ReleaseSlot = () => void;

export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(readonly perUser: number) {}

  /** A slot for one more stream of `userId`, or undefined when they hold the most allowed. */
  take(userId: string): ReleaseSlot | undefined {
    const held = this.open.get(userId) ?? 0;
    if (held >= this.perUser) return undefined;
    this.open.set(userId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const remaining = (this.open.get(userId) ?? 1) - 1;
      if (remaining > 0) this.open.set(userId, remaining);
      else this.open.delete(userId);
    };
  }

  held(userId: string): number {
    return this.open.get(userId) ?? 0;
  }
}

/** A stream slot for the user, or the 429 to answer when they already hold the most allowed. */
export function takeStreamSlot(slots: StreamSlots, userId: string): ReleaseSlot | Response {
  const release = slots.take(userId);
  if (release) return release;
  return apiError(
    429,
    "too_many_streams",
    `You have ${slots.perUser} summaries open already. Close a tab or wait for one to finish, then try again.`,
    { "Retry-After": "5" },
  );
}
