import { fileURLToPath } from "node:url";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "test/**/*.test.{ts,tsx}",
      "scripts/**/*.test.ts",
      "eval/test/**/*.test.ts",
    ],
    // Browser tests run with `npm run test:e2e` (vitest.e2e.config.ts).
    exclude: ["test/e2e/**", "**/node_modules/**"],
    globals: true,
    environment: "node",
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
