// A throwaway PostgreSQL server for `bench/stream.ts --postgres`, with the durability settings a
// production database has (the test clusters turn fsync off), and the CPU its processes use,
// which belongs to the app under test rather than to "other work on the machine".
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import {
  createDatabase,
  createPostgresCluster,
  destroyPostgresCluster,
  psql,
  restartPostgres,
  type PostgresCluster,
} from "../../test/support/postgres-cluster.ts";

export interface BenchPostgres {
  url: string;
  /** The server's processes now (new backends inherit the postmaster's CPU pinning). */
  pids(): number[];
  /** CPU seconds used so far by the server's processes (live ones and those that have exited). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const cluster = await createPostgresCluster();
  await psql(cluster.adminUrl, "ALTER SYSTEM SET fsync = on");
  await psql(cluster.adminUrl, "ALTER SYSTEM SET synchronous_commit = on");
  await psql(cluster.adminUrl, "ALTER SYSTEM SET full_page_writes = on");
  await restartPostgres(cluster);
  const url = await createDatabase(cluster.adminUrl);
  return {
    url,
    pids: () => clusterPids(cluster),
    cpuSeconds: () => clusterCpuSeconds(cluster),
    stop: () => destroyPostgresCluster(cluster),
  };
}

function postmasterPid(cluster: PostgresCluster): number {
  return Number(readFileSync(path.join(cluster.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

function children(parent: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => Number(statFields(Number(entry))?.[1]) === parent)
    .map(Number);
}

function clusterPids(cluster: PostgresCluster): number[] {
  const postmaster = postmasterPid(cluster);
  return [postmaster, ...children(postmaster)];
}

function statFields(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  } catch {
    return undefined;
  }
}

function clusterCpuSeconds(cluster: PostgresCluster): number {
  const postmaster = postmasterPid(cluster);
  const own = statFields(postmaster);
  if (!own) return 0;
  // utime + stime, plus cutime + cstime: the backends that have already exited.
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const child of children(postmaster)) {
    const fields = statFields(child);
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}
