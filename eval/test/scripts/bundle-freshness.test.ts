// `npm run eval` rebuilds its bundle when what it bundles changed (the eval's sources or the core
// package), and only then: an edit to the app alone must not cost a rebuild.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { isBuildFresh } from "@consult-summary/core/build-freshness";
import { describe, expect, it } from "vitest";

import { cliSources } from "../../scripts/bundle-paths.ts";

const FILES = [
  "eval/src/cli.ts",
  "eval/package.json",
  "packages/core/src/text/tokenize.ts",
  "packages/core/package.json",
  "app/routes/api.consultation.ts",
];
const BUNDLED_AT = new Date("2026-01-01T00:00:00Z");
const LATER = new Date("2026-01-02T00:00:00Z");

/** A checkout whose files all predate a bundle built at BUNDLED_AT, folders included. */
function checkout(): { root: string; bundle: string } {
  const root = mkdtempSync(path.join(tmpdir(), "eval-bundle-"));
  for (const file of FILES) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), "");
  }
  const bundle = path.join(root, "eval", "dist", "cli.mjs");
  mkdirSync(path.dirname(bundle), { recursive: true });
  writeFileSync(bundle, "");
  const earlier = new Date(BUNDLED_AT.getTime() - 60_000);
  for (const file of FILES) {
    for (let at = path.join(root, file); at !== root; at = path.dirname(at)) utimesSync(at, earlier, earlier);
  }
  utimesSync(bundle, BUNDLED_AT, BUNDLED_AT);
  return { root, bundle };
}

describe("the eval CLI bundle", () => {
  it("is fresh when nothing changed since it was built", () => {
    const { root, bundle } = checkout();
    expect(isBuildFresh(bundle, cliSources(root))).toBe(true);
  });

  it.each(FILES.slice(0, 4))("is rebuilt after %s changes", (file) => {
    const { root, bundle } = checkout();
    utimesSync(path.join(root, file), LATER, LATER);
    expect(isBuildFresh(bundle, cliSources(root))).toBe(false);
  });

  it("is not rebuilt when only the app changes", () => {
    const { root, bundle } = checkout();
    utimesSync(path.join(root, "app/routes/api.consultation.ts"), LATER, LATER);
    expect(isBuildFresh(bundle, cliSources(root))).toBe(true);
  });
});
