// Jobs that must not overlap (retention purge, interrupted-summary sweep) run once at a time:
// across instances on PostgreSQL (advisory locks), within the one process on SQLite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openPostgresStore } from "./postgres-store.server";
import { type OpenedDatabase, type Store } from "./store.server";
import { releaseDatabase, testConfig, testStore, useDatabase } from "../../test/support/in-process-database";

describe("exclusive jobs", () => {
  let first: Store;
  let second: OpenedDatabase;

  beforeAll(async () => {
    await useDatabase();
    first = testStore();
    // PostgreSQL: a second store on the same database, as another instance would have.
    const postgres = testConfig().postgres;
    second = postgres ? await openPostgresStore(postgres) : first;
  });

  afterAll(async () => {
    if (second !== first) await second.close();
    await releaseDatabase();
  });

  it("skips a job another holder is running, runs others, and runs it again once it is free", async () => {
    let finish!: () => void;
    let started!: () => void;
    const holding = new Promise<void>((resolve) => (started = resolve));
    const running = first.exclusive("purge", () => {
      started(); // the job runs only once its holder has the lock
      return new Promise<string>((resolve) => (finish = () => resolve("done")));
    });
    await holding;

    expect(await second.exclusive("purge", async () => "again")).toEqual({ ran: false });
    expect(await second.exclusive("sweep", async () => "other")).toEqual({ ran: true, value: "other" });

    finish();
    expect(await running).toEqual({ ran: true, value: "done" });
    expect(await second.exclusive("purge", async () => "later")).toEqual({ ran: true, value: "later" });
  });

  it("releases the job when it fails", async () => {
    await expect(first.exclusive("failing", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await second.exclusive("failing", async () => "ok")).toEqual({ ran: true, value: "ok" });
  });
});
