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
import { cpuSecondsOf, procStatFields } from "./process-usage.ts";

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

/** The process's stat fields, or undefined when it has exited meanwhile. */
function statFields(pid: number): string[] | undefined {
  try {
    return procStatFields(pid);
  } catch {
    return undefined;
  }
}

function clusterCpuSeconds(cluster: PostgresCluster): number {
  const postmaster = postmasterPid(cluster);
  const own = statFields(postmaster);
  if (!own) return 0;
  // The postmaster's own CPU and, with its children's, that of the backends that have exited.
  let seconds = cpuSecondsOf(own, { withChildren: true });
  for (const child of children(postmaster)) {
    const fields = statFields(child);
    if (fields) seconds += cpuSecondsOf(fields);
  }
  return seconds;
}
