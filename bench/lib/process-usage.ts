import { readFileSync, writeFileSync } from "node:fs";

export interface ProcessUsage {
  /** Peak resident memory so far (VmHWM), in bytes. */
  peakRssBytes: number;
  /** User plus system CPU time so far, all threads. */
  cpuSeconds: number;
}

const TICKS_PER_SECOND = 100;

/**
 * A process's /proc/<pid>/stat fields after the command name (so [1] is the parent pid, [11] and
 * [12] its user and system CPU ticks, [13] and [14] those of its waited-for children).
 */
export function procStatFields(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
}

/** CPU seconds (user + system) in stat fields, with those of waited-for children if asked. */
export function cpuSecondsOf(fields: string[], { withChildren = false } = {}): number {
  const own = Number(fields[11]) + Number(fields[12]);
  const children = withChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return (own + children) / TICKS_PER_SECOND;
}

/** Peak resident memory and CPU time so far of a process, from /proc (Linux). */
export function processUsage(pid: number): ProcessUsage {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const peakKiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return { peakRssBytes: peakKiB * 1024, cpuSeconds: cpuSecondsOf(procStatFields(pid)) };
}

/** Resident memory now (VmRSS), in bytes. */
export function currentRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** Starts VmHWM afresh from the current RSS (Linux 4.0+), so it then shows the peak since now. */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}
