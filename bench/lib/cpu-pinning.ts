// Pins processes (all their threads) to CPUs with taskset, so the server under test gets a core of
// its own and the harness (load client and fake upstream) shares the other.
import { execFileSync } from "node:child_process";

export interface PinPlan {
  server: string;
  harness: string;
}

/** The plan for this machine, or undefined when there are too few CPUs or no taskset. */
export function pinPlan(cpus: number): PinPlan | undefined {
  if (cpus < 2) return undefined;
  try {
    execFileSync("taskset", ["--version"], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  // The server gets the last CPU; the harness gets every other one.
  return { server: String(cpus - 1), harness: cpus === 2 ? "0" : `0-${cpus - 2}` };
}

export function pin(pid: number, cpus: string): void {
  execFileSync("taskset", ["--all-tasks", "--cpu-list", "--pid", cpus, String(pid)], { stdio: "ignore" });
}
