import { readFileSync } from "node:fs";

/** Peak resident memory (VmHWM) and CPU seconds so far of a process, from /proc (Linux). */
export function processUsage(pid: number): { peakRssMiB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const peakKiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return { peakRssMiB: peakKiB / 1024, cpuSeconds: ticks / 100 };
}
