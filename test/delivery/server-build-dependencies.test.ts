// The image installs only the root package's production dependencies (Dockerfile, deps stage), and
// runs the server build and the text worker bundle with them. Whatever those bundles leave to
// node_modules must therefore be a root dependency, even when it is a workspace package's import
// that the app bundles (the eval's word diff, for one, reaches the workbench's compare page).
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";

import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const BUNDLES = ["build/index.js", "build/workers/text-worker.cjs"];
// Static imports start a line in esbuild's output; dynamic ones and require() can be anywhere.
const IMPORTED = [
  /^import\s[^;]*?\bfrom\s*"([^"]+)"/gm,
  /^import\s*"([^"]+)"/gm,
  /\b(?:import|require)\(\s*"([^"]+)"\s*\)/g,
];

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function externalPackages(bundle: string): string[] {
  const code = readFileSync(path.join(root, bundle), "utf8");
  const specifiers = IMPORTED.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1]!));
  const packages = specifiers.filter((specifier) => !/^[./]/.test(specifier)).map(packageOf);
  const builtins = new Set(builtinModules);
  return [...new Set(packages)].filter((name) => !name.startsWith("node:") && !builtins.has(name)).sort();
}

describe("what the built server loads from node_modules", () => {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };

  it.each(BUNDLES)("%s needs only the root package's production dependencies", (bundle) => {
    const external = externalPackages(bundle);
    expect(external.length).toBeGreaterThan(0);
    expect(external.filter((name) => !(name in manifest.dependencies))).toEqual([]);
  });
});
