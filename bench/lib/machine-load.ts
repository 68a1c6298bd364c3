// What the rest of the machine was doing: CPU busy time from /proc/stat (to tell our processes'
// share from everyone else's) and the kernel's count of connections dropped at a full listen queue.
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/**
 * CPU seconds the whole machine spent running processes so far (user, nice, system, and steal by
 * the hypervisor). Interrupt time is left out: loopback TCP is processed there, and it belongs to
 * this bench's own traffic rather than to another process.
 */
export function machineBusySeconds(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , , , steal] = fields;
  return (user! + nice! + system! + steal!) / TICKS_PER_SECOND;
}

/** TcpExt ListenOverflows: connection attempts dropped because a listen queue was full. */
export function listenOverflows(): number {
  const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
  const header = lines.findIndex((line) => line.startsWith("TcpExt:"));
  const names = lines[header]!.split(/\s+/);
  const counts = lines[header + 1]!.split(/\s+/);
  return Number(counts[names.indexOf("ListenOverflows")] ?? 0);
}

/**
 * Waits until the machine has been nearly idle for one second (other work would skew the figures),
 * up to `maxWaitMs`. Returns the busy share (in cores) of the last second measured.
 */
export async function waitForQuietMachine(maxWaitMs: number, busyCoresLimit = 0.25): Promise<number> {
  const deadline = performance.now() + maxWaitMs;
  for (;;) {
    const before = machineBusySeconds();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const busy = machineBusySeconds() - before;
    if (busy <= busyCoresLimit || performance.now() >= deadline) return busy;
  }
}
