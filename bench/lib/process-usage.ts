import { readFileSync } from "node:fs";

export interface ProcessUsage {
  /** Peak resident memory so far (VmHWM), in bytes. */
  peakRssBytes: number;
  /** User plus system CPU time so far, all threads. */
  cpuSeconds: number;
}

/** Peak resident memory and CPU time so far of a process, from /proc (Linux). */
export function processUsage(pid: number): ProcessUsage {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const peakKiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return { peakRssBytes: peakKiB * 1024, cpuSeconds: ticks / 100 };
}
