// The most file descriptors this process may hold (its soft RLIMIT_NOFILE), read from Linux's
// /proc; undefined elsewhere. Every connection holds one.
import { readFileSync } from "node:fs";

export function openFilesLimit(): number | undefined {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}
