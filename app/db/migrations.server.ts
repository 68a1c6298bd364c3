import { readFileSync } from "node:fs";
import path from "node:path";

import { projectPath } from "@consult-summary/core/project-paths";
import { remember } from "../utils/remember.server";

export type Dialect = "sqlite" | "pg";

/** The folder holding a dialect's committed migrations (drizzle-kit output). */
export function migrationsFolder(dialect: Dialect): string {
  return projectPath("drizzle", dialect);
}

/** How many migrations are committed for the dialect (entries in drizzle-kit's journal); read once. */
export function committedMigrationCount(dialect: Dialect): number {
  return remember(`migration-count:${dialect}`, () => {
    const journal = JSON.parse(
      readFileSync(path.join(migrationsFolder(dialect), "meta", "_journal.json"), "utf8"),
    ) as { entries: unknown[] };
    return journal.entries.length;
  });
}
