import { monitorEventLoopDelay } from "node:perf_hooks";

const RESOLUTION_MS = 10;

/** Samples event-loop delay every 10 ms; `p99Ms` is how late a sample came beyond that. */
export function loopDelayMonitor() {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const beyond = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return {
    histogram,
    p99Ms: () => beyond(histogram.percentile(99)),
    maxMs: () => beyond(histogram.max),
  };
}
