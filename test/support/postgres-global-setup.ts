// Global setup of the "postgres" vitest project: one throwaway cluster for the whole run, described
// to the test workers (started after this) through the TEST_POSTGRES_* variables.
import { clusterEnv, createPostgresCluster, destroyPostgresCluster } from "./postgres-cluster";

export default async function startSharedPostgres(): Promise<() => Promise<void>> {
  const cluster = await createPostgresCluster();
  Object.assign(process.env, clusterEnv(cluster));
  return () => destroyPostgresCluster(cluster);
}
