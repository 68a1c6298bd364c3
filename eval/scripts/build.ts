// Bundles the eval CLI (eval/dist/cli.mjs, plus lazily loaded chunks): module resolution and
// TypeScript transforms at every start would cost more than a whole run of the embedded summarizer.
import { existsSync, renameSync, rmSync } from "node:fs";

import { build } from "esbuild";

import { CLI_ENTRY, DIST } from "./bundle-paths.ts";

export async function buildCli(): Promise<void> {
  const temporary = `${DIST}.${process.pid}.tmp`;
  await build({
    entryPoints: [CLI_ENTRY],
    outdir: temporary,
    splitting: true,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    // Native addon: loaded from node_modules at run time.
    external: ["better-sqlite3"],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    minify: process.env.EVAL_BUNDLE_MINIFY !== "0",
    logLevel: "warning",
  });
  // Written aside and swapped in, so a concurrent reader never sees half a bundle.
  const previous = `${DIST}.${process.pid}.old`;
  if (existsSync(DIST)) renameSync(DIST, previous);
  renameSync(temporary, DIST);
  rmSync(previous, { recursive: true, force: true });
}

if (import.meta.main) await buildCli();
