import path from "node:path";

const evalDir = path.resolve(import.meta.dirname, "..");

export const DIST = path.join(evalDir, "dist");
export const CLI_BUNDLE = path.join(DIST, "cli.mjs");
export const CLI_ENTRY = path.join(evalDir, "src", "cli.ts");

/**
 * What the bundle is built from, in a checkout at `repoRoot`: the eval's sources and the core
 * package it bundles. The app is not among them: the CLI never imports it.
 */
export function cliSources(repoRoot: string): string[] {
  return [
    path.join(repoRoot, "eval", "src"),
    path.join(repoRoot, "eval", "package.json"),
    path.join(repoRoot, "packages", "core", "src"),
    path.join(repoRoot, "packages", "core", "package.json"),
  ];
}

/** Rebuilt when any of these is newer than the bundle. */
export const CLI_SOURCES = cliSources(path.dirname(evalDir));
