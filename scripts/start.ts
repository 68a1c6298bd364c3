// `npm start`: reads .env if present, builds the app when the build is missing or older than its
// sources, then serves it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { isBuildFresh } from "@consult-summary/core/build-freshness";

import { buildWorkers, WORKER_BUNDLE } from "./build-workers.ts";

const root = path.resolve(import.meta.dirname, "..");
// The app bundles the workspace packages it imports (the core, the eval's store and gate).
const SOURCES = [
  "app",
  "packages/core/src",
  "packages/core/package.json",
  "eval/src",
  "remix.config.js",
  "package.json",
  "tsconfig.json",
].map((source) => path.join(root, source));

const envFile = path.join(root, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

const builds = [path.join(root, "build", "index.js"), WORKER_BUNDLE];
if (!builds.every((build) => isBuildFresh(build, SOURCES))) {
  console.log("Building the app (first start, or sources changed)…");
  const remix = path.join(root, "node_modules", ".bin", "remix");
  const result = spawnSync(remix, ["build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  await buildWorkers();
}

await import("../server/main.ts");
