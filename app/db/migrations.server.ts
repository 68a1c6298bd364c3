import { readFileSync } from "node:fs";
import path from "node:path";

import { projectPath } from "@consult-summary/core/project-paths";

export type Dialect = "sqlite" | "pg";

/** The folder holding a dialect's committed migrations (drizzle-kit output). */
export function migrationsFolder(dialect: Dialect): string {
  return projectPath("drizzle", dialect);
}

/** How many migrations are committed for the dialect (entries in drizzle-kit's journal). */
export function committedMigrationCount(dialect: Dialect): number {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder(dialect), "meta", "_journal.json"), "utf8"),
  ) as { entries: unknown[] };
  return journal.entries.length;
}
