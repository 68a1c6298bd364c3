// The packages meet only at their `exports` entries: `npm run lint` enforces it with ESLint's
// no-restricted-imports (eslint.config.js). These cases show the rule firing where it must, and
// staying quiet on the entries, with the project's own configuration: each lints a one-line module
// as if it were an existing file of that folder (type-aware rules need a file the project knows).
import path from "node:path";

import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return result!.messages
    .filter((message) => message.ruleId === "no-restricted-imports")
    .map((message) => message.message);
}

describe("package boundaries", () => {
  it.each([
    ["the app reaching into the eval's sources", "app/review/access.server.ts", "../../eval/src/store/db"],
    [
      "the app reaching into the core's sources",
      "app/summaries/summary-events.ts",
      "../../packages/core/src/text/tokenize",
    ],
    [
      "a test reaching into the eval's test helpers",
      "test/support/api.ts",
      "../../eval/test/support/run-cli",
    ],
    ["the eval importing the app", "eval/src/run/progress.ts", "../../../app/config/env.server"],
    [
      "the eval reaching into the core's sources",
      "eval/src/run/progress.ts",
      "../../../packages/core/src/prices",
    ],
    [
      "the core importing the app",
      "packages/core/src/text/tokenize.ts",
      "../../../../app/utils/logger.server",
    ],
    ["the core importing the eval", "packages/core/src/text/tokenize.ts", "@consult-summary/eval/store"],
  ])("refuses %s", async (_case, file, specifier) => {
    expect(
      await restrictedImports(file, `import * as probe from "${specifier}";\nexport { probe };\n`),
    ).toHaveLength(1);
  });

  it.each([
    ["the app using the core's entry", "app/summaries/summary-events.ts", "@consult-summary/core/text"],
    ["the app using the eval's entry", "app/review/access.server.ts", "@consult-summary/eval/gate"],
    ["the eval using the core's entry", "eval/src/run/progress.ts", "@consult-summary/core/summarizers"],
    ["a module inside the core", "packages/core/src/text/tokenize.ts", "./tokenize"],
  ])("allows %s", async (_case, file, specifier) => {
    expect(
      await restrictedImports(file, `import * as probe from "${specifier}";\nexport { probe };\n`),
    ).toEqual([]);
  });
});
