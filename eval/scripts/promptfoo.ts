// Runs promptfoo offline: no telemetry, update checks or sharing, its config and database in the
// ignored eval/.promptfoo folder, and TypeScript loaded through tsx so it can use our modules.
// Usage: node eval/scripts/promptfoo.ts [promptfoo arguments]   (default: eval)
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const evalDir = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const entrypoint = path.join(path.dirname(require.resolve("promptfoo")), "entrypoint.js");
const args =
  process.argv.length > 2 ? process.argv.slice(2) : ["eval", "-c", "promptfooconfig.yaml", "--no-cache"];

const child = spawn(process.execPath, ["--import", "tsx", entrypoint, ...args], {
  cwd: evalDir,
  stdio: "inherit",
  env: {
    ...process.env,
    PROMPTFOO_DISABLE_TELEMETRY: "1",
    PROMPTFOO_DISABLE_UPDATE: "1",
    PROMPTFOO_DISABLE_SHARING: "1",
    PROMPTFOO_CONFIG_DIR: process.env.PROMPTFOO_CONFIG_DIR ?? path.join(evalDir, ".promptfoo"),
  },
});
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
