import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "consult-summary";

function isProjectRoot(dir: string): boolean {
  const manifest = path.join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

// Found from this module's own location, so the built server (build/index.js), vitest (app/…)
// and the container (/app/build) all resolve prompts/ and drizzle/ the same way, whatever the cwd.
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isProjectRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`Cannot find the ${PACKAGE_NAME} project root above ${import.meta.url}`);
    dir = parent;
  }
}

let root: string | undefined;

export function projectPath(...segments: string[]): string {
  root ??= findProjectRoot();
  return path.join(root, ...segments);
}
