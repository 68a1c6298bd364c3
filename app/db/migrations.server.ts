import { readFileSync } from "node:fs";

import { projectPath } from "../utils/project-paths.server";

export type Dialect = "sqlite" | "pg";

/** The folder holding a dialect's committed migrations (drizzle-kit output). */
export function migrationsFolder(dialect: Dialect): string {
  return projectPath("drizzle", dialect);
}

/** How many migrations are committed for the dialect (entries in drizzle-kit's journal). */
export function committedMigrationCount(dialect: Dialect): number {
  const journal = JSON.parse(
    readFileSync(projectPath("drizzle", dialect, "meta", "_journal.json"), "utf8"),
  ) as {
    entries: unknown[];
  };
  return journal.entries.length;
}
