import { defineConfig } from "vitest/config";

import base from "./vitest.config";

// `npm run test:e2e`: the flows in a real browser (Debian's Chromium), one file at a time.
// Spread, not mergeConfig: merging would append the unit-test globs to `include`.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // One run against SQLite: not the unit run's projects (their globs, the PostgreSQL cluster).
    projects: undefined,
    include: ["test/e2e/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    fileParallelism: false,
    testTimeout: 60_000,
  },
});
