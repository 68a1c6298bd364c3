import path from "node:path";

const evalDir = path.resolve(import.meta.dirname, "..");

export const DIST = path.join(evalDir, "dist");
export const CLI_BUNDLE = path.join(DIST, "cli.mjs");
export const CLI_ENTRY = path.join(evalDir, "src", "cli.ts");
/** What the bundle is built from: rebuilt when any of these is newer. */
export const CLI_SOURCES = [
  path.join(evalDir, "src"),
  path.join(evalDir, "package.json"),
  path.join(evalDir, "..", "packages", "core", "src"),
  path.join(evalDir, "..", "packages", "core", "package.json"),
];
