import { existsSync } from "node:fs";
import path from "node:path";

import {
  createDatabase,
  createPostgresCluster,
  databaseNameFor,
  destroyPostgresCluster,
  dropDatabase,
  ensureDatabase,
  findPostgresBinDir,
  psql,
  restartPostgres,
  type PostgresCluster,
} from "./postgres-cluster";

const binDir = findPostgresBinDir();
const NO_BINARIES = "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin";

async function tableExists(url: string, table: string): Promise<boolean> {
  return (await psql(url, `SELECT to_regclass('public.${table}') IS NOT NULL`)) === "t";
}

describe("throwaway PostgreSQL cluster", () => {
  let cluster: PostgresCluster | undefined;

  beforeAll(async () => {
    if (binDir) cluster = await createPostgresCluster(binDir);
  });

  afterAll(async () => {
    if (cluster) await destroyPostgresCluster(cluster);
  });

  function started(skip: (condition: boolean, note?: string) => void): PostgresCluster {
    skip(!cluster, NO_BINARIES);
    return cluster!;
  }

  it("listens on loopback only, on its own port", async ({ skip }) => {
    const { adminUrl, port } = started(skip);
    expect(adminUrl).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);
    expect(await psql(adminUrl, "SHOW listen_addresses")).toBe("127.0.0.1");
    expect(await psql(adminUrl, "SHOW fsync")).toBe("off");
  });

  it("gives each database its own tables", async ({ skip }) => {
    const { adminUrl } = started(skip);
    const first = await createDatabase(adminUrl);
    const second = await createDatabase(adminUrl);
    expect(first).not.toBe(second);

    await psql(first, "CREATE TABLE notes (text text)");
    expect(await tableExists(first, "notes")).toBe(true);
    expect(await tableExists(second, "notes")).toBe(false);

    await dropDatabase(first);
    await dropDatabase(second);
  });

  it("hands back the same database for the same key", async ({ skip }) => {
    const { adminUrl } = started(skip);
    const name = databaseNameFor("/tmp/some-data-dir");
    const url = await ensureDatabase(adminUrl, name);
    await psql(url, "CREATE TABLE kept (id int)");
    expect(await ensureDatabase(adminUrl, name)).toBe(url);
    expect(await tableExists(url, "kept")).toBe(true);
    await dropDatabase(url);
  });

  it("keeps data across a restart on the same port", async ({ skip }) => {
    const current = started(skip);
    const url = await createDatabase(current.adminUrl);
    await psql(url, "CREATE TABLE survivors (name text); INSERT INTO survivors VALUES ('kept')");

    await restartPostgres(current);

    expect(await psql(url, "SELECT name FROM survivors")).toBe("kept");
    await dropDatabase(url);
  });

  it("removes its folder when destroyed", async ({ skip }) => {
    skip(!binDir, NO_BINARIES);
    const own = await createPostgresCluster(binDir);
    await destroyPostgresCluster(own);
    expect(existsSync(path.dirname(own.dataDir))).toBe(false);
  });
});
