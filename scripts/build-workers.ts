// Bundles the text worker (app/workers/text-worker.ts) into build/workers/, beside the server build
// that starts it: worker threads load one plain module, not the app's TypeScript sources.
import path from "node:path";

import { build, type Plugin } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");

// CommonJS: piscina loads a task file with require(), and Node's require() of an ES module in a
// worker thread that is terminated while it loads has aborted the whole process (seen in a CI run).
export const WORKER_BUNDLE = path.join(root, "build", "workers", "text-worker.cjs");

// Dependencies (gpt-tokenizer's rank tables among them) load from node_modules at run time; the
// project's own workspace packages are TypeScript sources and are bundled.
const externalExceptWorkspaces: Plugin = {
  name: "external-except-workspaces",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@consult-summary/") ? undefined : { path: args.path, external: true },
    );
  },
};

export async function buildWorkers(): Promise<void> {
  await build({
    entryPoints: [path.join(root, "app", "workers", "text-worker.ts")],
    outfile: WORKER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node24",
    plugins: [externalExceptWorkspaces],
    logLevel: "warning",
  });
}

if (import.meta.main) await buildWorkers();
