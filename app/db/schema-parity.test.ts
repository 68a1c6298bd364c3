// The two dialects' tables must stay the same tables: the models are written once against
// their shared row types, and committed migrations must match the schema files.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { getTableColumns, getTableName, type InferSelectModel, type Table } from "drizzle-orm";
import { describe, expect, expectTypeOf, it } from "vitest";

import { projectPath } from "@consult-summary/core/project-paths";
import * as pg from "./schema.pg.server";
import * as sqlite from "./schema.sqlite.server";

const TABLES = [
  "consultations",
  "summaries",
  "summaryRevisions",
  "summaryRatings",
  "reviewRatings",
  "auditEvents",
  "rateLimitWindows",
] as const;

function describeColumns(table: Table) {
  return Object.entries(getTableColumns(table))
    .map(([key, column]) => ({
      key,
      name: column.name,
      dataType: column.dataType,
      notNull: column.notNull,
      primary: column.primary,
      hasDefault: column.hasDefault,
      enumValues: column.enumValues ?? null,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

describe("SQLite and PostgreSQL schemas", () => {
  it("declare the same tables", () => {
    const tableKeys = (schema: object) =>
      Object.entries(schema)
        .filter(([, value]) => typeof value === "object" && value !== null && getTableNameSafe(value))
        .map(([key]) => key)
        .sort();
    expect(tableKeys(sqlite)).toEqual([...TABLES].sort());
    expect(tableKeys(pg)).toEqual([...TABLES].sort());
  });

  it.each(TABLES)("%s: same name, columns, types, nullability and keys", (table) => {
    expect(getTableName(pg[table])).toBe(getTableName(sqlite[table]));
    expect(describeColumns(pg[table])).toEqual(describeColumns(sqlite[table]));
  });

  it("give the models the same row types", () => {
    expectTypeOf<InferSelectModel<typeof sqlite.consultations>>().toEqualTypeOf<
      InferSelectModel<typeof pg.consultations>
    >();
    expectTypeOf<InferSelectModel<typeof sqlite.summaries>>().toEqualTypeOf<
      InferSelectModel<typeof pg.summaries>
    >();
    expectTypeOf<InferSelectModel<typeof sqlite.summaryRevisions>>().toEqualTypeOf<
      InferSelectModel<typeof pg.summaryRevisions>
    >();
    expectTypeOf<InferSelectModel<typeof sqlite.summaryRatings>>().toEqualTypeOf<
      InferSelectModel<typeof pg.summaryRatings>
    >();
    expectTypeOf<InferSelectModel<typeof sqlite.reviewRatings>>().toEqualTypeOf<
      InferSelectModel<typeof pg.reviewRatings>
    >();
    expectTypeOf<InferSelectModel<typeof sqlite.auditEvents>>().toEqualTypeOf<
      InferSelectModel<typeof pg.auditEvents>
    >();
    expectTypeOf<InferSelectModel<typeof sqlite.rateLimitWindows>>().toEqualTypeOf<
      InferSelectModel<typeof pg.rateLimitWindows>
    >();
  });

  it.each([
    ["sqlite", "sqlite", "schema.sqlite.server.ts"],
    ["postgresql", "pg", "schema.pg.server.ts"],
  ])(
    "%s: the committed migrations match the schema (drizzle-kit generates nothing new)",
    (dialect, folder, file) => {
      const out = path.join(mkdtempSync(path.join(tmpdir(), "consult-summary-migrations-")), folder);
      cpSync(projectPath("drizzle", folder), out, { recursive: true });
      const before = readdirSync(out).sort();
      const result = spawnSync(
        process.execPath,
        [
          projectPath("node_modules", "drizzle-kit", "bin.cjs"),
          "generate",
          "--dialect",
          dialect,
          "--schema",
          path.join("app", "db", file),
          "--out",
          // drizzle-kit only takes a path relative to the working directory.
          path.relative(projectPath(), out),
        ],
        { cwd: projectPath(), encoding: "utf8" },
      );
      expect(result.status, result.stderr).toBe(0);
      expect(`${result.stdout}${result.stderr}`).toMatch(/No schema changes/);
      expect(readdirSync(out).sort()).toEqual(before);
    },
    60_000,
  );
});

function getTableNameSafe(value: object): string | undefined {
  try {
    return getTableName(value as Table);
  } catch {
    return undefined;
  }
}
