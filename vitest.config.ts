import { fileURLToPath } from "node:url";

import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

import { findPostgresBinDir } from "./test/support/postgres-cluster";

const ALL_TESTS = [
  "app/**/*.test.{ts,tsx}",
  "server/**/*.test.ts",
  "packages/*/src/**/*.test.ts",
  "test/**/*.test.{ts,tsx}",
  "eval/test/**/*.test.ts",
];
// The deployment's CDK stacks: no database, so they run once, in their own project.
const INFRA_TESTS = ["infra/test/**/*.test.ts"];
// What depends on the database: the built server's tests and the model tests (`*.db.test.ts`).
const DATABASE_TESTS = ["test/server/**/*.test.ts", "app/**/*.db.test.ts"];

/** The database tests again, against one throwaway PostgreSQL cluster, when its binaries exist. */
function postgresProjects(): TestProjectInlineConfiguration[] {
  if (!findPostgresBinDir()) {
    console.log(
      "PostgreSQL run skipped: no server binaries under /usr/lib/postgresql/*/bin (install Debian's postgresql package).",
    );
    return [];
  }
  return [
    {
      extends: true,
      test: {
        name: "postgres",
        include: DATABASE_TESTS,
        env: { TEST_DATABASE: "postgres" },
        globalSetup: ["./test/support/postgres-global-setup.ts"],
      },
    },
  ];
}

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    // `include` lives in each project: an extending project's arrays are appended to these.
    // Browser tests run with `npm run test:e2e` (vitest.e2e.config.ts).
    exclude: ["test/e2e/**", "**/node_modules/**"],
    globals: true,
    environment: "node",
    reporters: ["default", "./test/support/closing-line-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "sqlite", include: ALL_TESTS } },
      ...postgresProjects(),
      { extends: true, test: { name: "infra", include: INFRA_TESTS } },
    ],
  },
});
