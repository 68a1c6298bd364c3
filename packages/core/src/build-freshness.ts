// Whether a build output is newer than every file of its sources (folders are walked).
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newestModification(target: string): number {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(target).reduce(
    (newest, name) => Math.max(newest, newestModification(path.join(target, name))),
    stats.mtimeMs,
  );
}

export function isBuildFresh(output: string, sources: string[]): boolean {
  if (!existsSync(output)) return false;
  return statSync(output).mtimeMs >= Math.max(...sources.map(newestModification));
}
