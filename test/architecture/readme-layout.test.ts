// README's "Layout" is how a newcomer predicts where code lives: it must name every folder it
// describes the level of (the repository's top level, app/, packages/ and the core's src/).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
// Made by installs, builds and runs (public/ holds only the browser build).
const GENERATED = new Set(["node_modules", "build", "public", "data", "test-results", "coverage"]);

function layoutBlock(): string {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Layout"));
  return section.slice(section.indexOf("```") + 3, section.indexOf("```", section.indexOf("```") + 3));
}

function folders(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !GENERATED.has(entry.name))
    .map((entry) => entry.name);
}

describe("README layout", () => {
  const block = layoutBlock();
  const listed = (name: string) => new RegExp(`(^|\\s|/)${name}/`, "m").test(block);

  it.each([".", "app", "packages", "packages/core/src"])("names every folder of %s/", (dir) => {
    const missing = folders(dir).filter((name) => !listed(name));
    expect(missing).toEqual([]);
  });
});
