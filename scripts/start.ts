// `npm start`: reads .env if present, builds the app when the build is missing or older than its
// sources, then serves it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildFile = path.join(root, "build", "index.js");
const SOURCES = ["app", "remix.config.js", "package.json", "tsconfig.json"];

function newestModification(target: string): number {
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(target).reduce(
    (newest, name) => Math.max(newest, newestModification(path.join(target, name))),
    stats.mtimeMs,
  );
}

function buildIsCurrent(): boolean {
  if (!existsSync(buildFile)) return false;
  const sourcesChanged = Math.max(...SOURCES.map((source) => newestModification(path.join(root, source))));
  return statSync(buildFile).mtimeMs >= sourcesChanged;
}

const envFile = path.join(root, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

if (!buildIsCurrent()) {
  console.log("Building the app (first start, or sources changed)…");
  const remix = path.join(root, "node_modules", ".bin", "remix");
  const result = spawnSync(remix, ["build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import("../server/main.ts");
