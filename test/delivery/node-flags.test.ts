// The server runs with the same Node flags however it is started: the image (checked with the
// other Dockerfile invariants in dockerfile.test.ts), npm start / npm run serve, and the servers
// tests and benchmarks spawn (test/support/app-server.ts passes SERVER_NODE_FLAGS itself unless
// a benchmark asks for others: bench/stream.ts --node-flags).
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { SERVER_NODE_FLAGS } from "../../server/node-flags";

const root = path.resolve(import.meta.dirname, "../..");
const scripts = (
  JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

describe("server Node flags", () => {
  it.each([
    ["start", "scripts/start.ts"],
    ["serve", "server/main.ts"],
  ])("npm run %s passes them to node", (name, entry) => {
    expect(scripts[name]).toBe(["node", ...SERVER_NODE_FLAGS, entry].join(" "));
  });

  it("are flags node accepts", async () => {
    const { execFileSync } = await import("node:child_process");
    const output = execFileSync(process.execPath, [...SERVER_NODE_FLAGS, "-e", "process.stdout.write('ok')"]);
    expect(output.toString()).toBe("ok");
  });
});
