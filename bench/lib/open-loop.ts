// Open-loop arrivals at a fixed rate, alternating between the target and the direct side. Each
// request is timed from its intended arrival time, not from when the timer got to fire it, so a
// busy client cannot hide queueing delay (coordinated omission).
import type { Timing } from "./stream-client.ts";

export interface Side {
  timings: Timing[];
  errors: Map<string, number>;
  /** Most requests of this side open at once. */
  peakOpen: number;
}

export interface OpenLoopResult {
  target: Side;
  direct: Side;
  /** Latest any request was sent after its intended arrival time. */
  maxSendLagMs: number;
  wallSeconds: number;
}

export type Caller = (intendedStart: number) => Promise<Timing>;

function newSide(): Side {
  return { timings: [], errors: new Map(), peakOpen: 0 };
}

export async function runOpenLoop(
  perSideRate: number,
  seconds: number,
  target: Caller,
  direct: Caller,
): Promise<OpenLoopResult> {
  const count = Math.max(2, Math.round(perSideRate * seconds) * 2);
  const intervalMs = 1000 / (perSideRate * 2);
  const sides = { target: newSide(), direct: newSide() };
  const open = { target: 0, direct: 0 };
  const pending: Promise<void>[] = [];
  let maxSendLagMs = 0;
  const start = performance.now();

  const send = (i: number, intendedStart: number) => {
    const name = i % 2 === 0 ? "target" : "direct";
    const side = sides[name];
    side.peakOpen = Math.max(side.peakOpen, ++open[name]);
    const call = name === "target" ? target : direct;
    pending.push(
      call(intendedStart)
        .then(
          (timing) => void side.timings.push(timing),
          (error: Error) => void side.errors.set(error.message, (side.errors.get(error.message) ?? 0) + 1),
        )
        .finally(() => open[name]--),
    );
  };

  let next = 0;
  while (next < count) {
    const now = performance.now();
    // Send everything that is due, however late the timer was.
    while (next < count && start + next * intervalMs <= now) {
      const intendedStart = start + next * intervalMs;
      maxSendLagMs = Math.max(maxSendLagMs, now - intendedStart);
      send(next, intendedStart);
      next++;
    }
    if (next < count) {
      const wait = start + next * intervalMs - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    }
  }
  await Promise.all(pending);
  return { ...sides, maxSendLagMs, wallSeconds: (performance.now() - start) / 1000 };
}
