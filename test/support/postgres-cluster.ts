// Throwaway PostgreSQL clusters for tests: Debian's server binaries, a fresh data folder in the
// temp dir, trust auth on 127.0.0.1 only, a free port, no fsync. The postgres project's global
// setup starts one shared cluster and describes it to test files through TEST_POSTGRES_* variables.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

const DEBIAN_SERVER_ROOT = "/usr/lib/postgresql";
const SERVER_BINARIES = ["initdb", "pg_ctl", "postgres"];
const SUPERUSER = "postgres";

export interface PostgresCluster {
  binDir: string;
  /** The cluster's data folder; its parent folder holds the socket and the server log. */
  dataDir: string;
  port: number;
  /** Superuser URL of the `postgres` maintenance database. */
  adminUrl: string;
}

/** The environment variables that describe the shared cluster to test files. */
export const CLUSTER_ENV = {
  adminUrl: "TEST_POSTGRES_URL",
  dataDir: "TEST_POSTGRES_DATA_DIR",
  binDir: "TEST_POSTGRES_BIN_DIR",
} as const;

/** The newest major version's server binaries under /usr/lib/postgresql, if any are installed. */
export function findPostgresBinDir(): string | undefined {
  if (!existsSync(DEBIAN_SERVER_ROOT)) return undefined;
  const majors = readdirSync(DEBIAN_SERVER_ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return majors
    .map((major) => path.join(DEBIAN_SERVER_ROOT, major, "bin"))
    .find((binDir) => SERVER_BINARIES.every((binary) => existsSync(path.join(binDir, binary))));
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Runs a server binary; as root through `runuser`, because initdb and postgres refuse root. */
async function runServerBinary(binDir: string, binary: string, args: string[], cwd: string): Promise<void> {
  const command = path.join(binDir, binary);
  const [file, fileArgs] = isRoot()
    ? ["runuser", ["-u", SUPERUSER, "--", command, ...args]]
    : [command, args];
  try {
    await run(file, fileArgs, { cwd });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${binary} ${args.join(" ")} failed:\n${stderr ?? ""}${stdout ?? ""}`, { cause: error });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function clusterBaseDir(dataDir: string): string {
  return path.dirname(dataDir);
}

function portOfUrl(url: string): number {
  return Number(new URL(url).port);
}

function adminUrlFor(port: number): string {
  return `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
}

function makeBaseDirForServerUser(): string {
  const baseDir = mkdtempSync(path.join(tmpdir(), "consult-summary-pg-"));
  if (isRoot()) {
    const { uid, gid } = serverUserIds();
    chownSync(baseDir, uid, gid);
  }
  return baseDir;
}

function serverUserIds(): { uid: number; gid: number } {
  const entry = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((line) => line.startsWith(`${SUPERUSER}:`));
  if (!entry)
    throw new Error(`running as root needs the '${SUPERUSER}' system user (Debian's postgresql package)`);
  const [, , uid, gid] = entry.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

function configureServer(dataDir: string, port: number): void {
  const settings = {
    listen_addresses: "'127.0.0.1'",
    port: String(port),
    unix_socket_directories: `'${clusterBaseDir(dataDir)}'`,
    // Many test servers with connection pools share one cluster.
    max_connections: "300",
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
  };
  const lines = Object.entries(settings).map(([name, value]) => `${name} = ${value}`);
  appendFileSync(path.join(dataDir, "postgresql.conf"), `\n${lines.join("\n")}\n`);
  writeFileSync(path.join(dataDir, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
}

/** Creates a fresh cluster in a new temp folder and starts it. */
export async function createPostgresCluster(binDir = findPostgresBinDir()): Promise<PostgresCluster> {
  if (!binDir) throw new Error(`no PostgreSQL server binaries under ${DEBIAN_SERVER_ROOT}/*/bin`);
  const baseDir = makeBaseDirForServerUser();
  const dataDir = path.join(baseDir, "data");
  await runServerBinary(
    binDir,
    "initdb",
    ["-D", dataDir, "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
    baseDir,
  );
  const port = await freePort();
  configureServer(dataDir, port);
  const cluster = { binDir, dataDir, port, adminUrl: adminUrlFor(port) };
  await startPostgres(cluster);
  return cluster;
}

/** Starts a stopped cluster on its data folder and port; resolves once it accepts connections. */
export async function startPostgres(cluster = sharedPostgresCluster()): Promise<void> {
  const baseDir = clusterBaseDir(cluster.dataDir);
  const log = path.join(baseDir, "server.log");
  try {
    await runServerBinary(
      cluster.binDir,
      "pg_ctl",
      ["start", "-D", cluster.dataDir, "-l", log, "-w", "-t", "60"],
      baseDir,
    );
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, "utf8") : "(no server log)";
    throw new Error(`${(error as Error).message}\nserver log:\n${serverLog}`, { cause: error });
  }
}

/** Stops the cluster (fast: disconnects clients, no waiting for them); its data stays. */
export async function stopPostgres(cluster = sharedPostgresCluster()): Promise<void> {
  const baseDir = clusterBaseDir(cluster.dataDir);
  await runServerBinary(
    cluster.binDir,
    "pg_ctl",
    ["stop", "-D", cluster.dataDir, "-m", "fast", "-w", "-t", "60"],
    baseDir,
  );
}

export async function restartPostgres(cluster = sharedPostgresCluster()): Promise<void> {
  await stopPostgres(cluster);
  await startPostgres(cluster);
}

/** Stops the cluster if it runs and deletes its folder. */
export async function destroyPostgresCluster(cluster: PostgresCluster): Promise<void> {
  if (existsSync(path.join(cluster.dataDir, "postmaster.pid"))) await stopPostgres(cluster);
  rmSync(clusterBaseDir(cluster.dataDir), { recursive: true, force: true });
}

/** The environment that describes a cluster to test files (see {@link sharedPostgresCluster}). */
export function clusterEnv(cluster: PostgresCluster): Record<string, string> {
  return {
    [CLUSTER_ENV.adminUrl]: cluster.adminUrl,
    [CLUSTER_ENV.dataDir]: cluster.dataDir,
    [CLUSTER_ENV.binDir]: cluster.binDir,
  };
}

/** The cluster the postgres project's global setup started, from the TEST_POSTGRES_* variables. */
export function sharedPostgresCluster(): PostgresCluster {
  const adminUrl = process.env[CLUSTER_ENV.adminUrl];
  const dataDir = process.env[CLUSTER_ENV.dataDir];
  const binDir = process.env[CLUSTER_ENV.binDir];
  if (!adminUrl || !dataDir || !binDir) {
    throw new Error(
      `no shared PostgreSQL cluster: ${Object.values(CLUSTER_ENV).join(", ")} are set only in the postgres test project`,
    );
  }
  return { adminUrl, dataDir, binDir, port: portOfUrl(adminUrl) };
}

/** Runs SQL through psql and returns its unaligned, tuples-only output. */
export async function psql(url: string, sql: string): Promise<string> {
  try {
    const { stdout } = await run("psql", [url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql]);
    return stdout.trim();
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`psql failed on ${JSON.stringify(sql)}:\n${stderr ?? ""}`, { cause: error });
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function assertPlainName(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain PostgreSQL database name: ${name}`);
}

/** A database name derived from a key, the same for the same key (e.g. a server's data folder). */
export function databaseNameFor(key: string): string {
  return `test_${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

function randomDatabaseName(): string {
  return databaseNameFor(`${process.pid}-${Date.now()}-${Math.random()}`);
}

/** Creates an empty database (a random name unless given) and returns its URL. */
export async function createDatabase(adminUrl: string, name = randomDatabaseName()): Promise<string> {
  assertPlainName(name);
  await psql(adminUrl, `CREATE DATABASE ${name}`);
  return databaseUrl(adminUrl, name);
}

/** Returns the URL of the named database, creating it empty when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  try {
    return await createDatabase(adminUrl, name);
  } catch (error) {
    if (/already exists/.test(String(error))) return databaseUrl(adminUrl, name);
    throw error;
  }
}

/** Drops a database by its URL, disconnecting anyone still connected to it. */
export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  assertPlainName(name);
  await psql(databaseUrl(url, "postgres"), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
