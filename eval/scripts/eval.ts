// `npm run eval -- <command>`: rebuilds the CLI bundle when its sources changed, then runs it.
import { enableCompileCache } from "node:module";
import { pathToFileURL } from "node:url";

import { isBuildFresh } from "@consult-summary/core/build-freshness";

import { CLI_BUNDLE, CLI_SOURCES } from "./bundle-paths.ts";

// V8 keeps the compiled bundle on disk between runs (in the OS temp folder).
enableCompileCache();
if (!isBuildFresh(CLI_BUNDLE, CLI_SOURCES)) {
  const { buildCli } = await import("./build.ts");
  await buildCli();
}
const { main } = (await import(pathToFileURL(CLI_BUNDLE).href)) as { main(argv: string[]): Promise<number> };
process.exitCode = await main(process.argv.slice(2));
