import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { cacheStatements } from "./statement-cache.server";

function database(capacity?: number) {
  const sqlite = new Database(":memory:");
  cacheStatements(sqlite, capacity);
  sqlite.exec("create table notes (id integer primary key, body text)");
  return sqlite;
}

describe("cacheStatements", () => {
  it("hands out the same statement for the same SQL text, with values bound per call", () => {
    const sqlite = database();
    const insert = "insert into notes (body) values (?)";
    expect(sqlite.prepare(insert)).toBe(sqlite.prepare(insert));
    sqlite.prepare(insert).run("first");
    sqlite.prepare(insert).run("second");
    expect(sqlite.prepare("select body from notes order by id").all()).toEqual([
      { body: "first" },
      { body: "second" },
    ]);
  });

  it("gives back a statement in object mode after someone used it raw", () => {
    const sqlite = database();
    sqlite.prepare("insert into notes (body) values (?)").run("x");
    const select = "select id, body from notes";
    expect(sqlite.prepare(select).raw().all()).toEqual([[1, "x"]]);
    expect(sqlite.prepare(select).all()).toEqual([{ id: 1, body: "x" }]);
  });

  it("keeps at most `capacity` statements, dropping the least recently used", () => {
    const sqlite = database(2);
    const a = sqlite.prepare("select 1");
    const b = sqlite.prepare("select 2");
    expect(sqlite.prepare("select 1")).toBe(a); // now b is the least recently used
    sqlite.prepare("select 3");
    expect(sqlite.prepare("select 1")).toBe(a);
    expect(sqlite.prepare("select 2")).not.toBe(b);
  });
});
