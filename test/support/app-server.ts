// Starts the real production server (server/main.ts over build/) on a random port with its own
// DATA_DIR, the way `npm start` runs it, and stops it with a real signal. In the postgres test
// project (TEST_DATABASE=postgres) each data folder also gets a database of its own on the shared
// throwaway cluster, passed to the server as DATABASE_URL.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { SERVER_NODE_FLAGS } from "../../server/node-flags";
import { databaseNameFor, ensureDatabase, sharedPostgresCluster } from "./postgres-cluster";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER = path.join(ROOT, "server", "main.ts");

export type TestDatabase = "sqlite" | "postgres";

/** Which database a test server uses; SQLite lives in its data folder. */
export interface ServerDatabase {
  database: TestDatabase;
  /** The PostgreSQL database's URL; absent for SQLite. */
  databaseUrl?: string;
}

export interface AppServer extends ServerDatabase {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function makeDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), "consult-summary-test-"));
}

function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, "build", "index.js"))) {
    throw new Error("No production build: run `npm run build` (npm test does it) before these tests.");
  }
}

export function testDatabase(): TestDatabase {
  return process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

/**
 * The database for a server on this data folder: the same PostgreSQL database every time for the
 * same folder, so a restarted server finds its data; an explicit DATABASE_URL wins.
 */
async function databaseFor(dataDir: string, env: Record<string, string>): Promise<ServerDatabase> {
  if (env.DATABASE_URL !== undefined) return explicitDatabase(env.DATABASE_URL);
  if (testDatabase() === "sqlite") return { database: "sqlite" };
  const databaseUrl = await ensureDatabase(sharedPostgresCluster().adminUrl, databaseNameFor(dataDir));
  return { database: "postgres", databaseUrl };
}

function explicitDatabase(databaseUrl: string): ServerDatabase {
  return /^postgres(ql)?:\/\//.test(databaseUrl)
    ? { database: "postgres", databaseUrl }
    : { database: "sqlite" };
}

function databaseEnv({ databaseUrl }: ServerDatabase): Record<string, string> {
  return databaseUrl ? { DATABASE_URL: databaseUrl } : {};
}

/** The environment a test server gets: nothing inherited that could point it at a real service. */
function serverEnv(env: Record<string, string>, dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    STREAM_ORPHAN_GRACE_MS: "0",
    ...env,
  };
}

export async function startAppServer(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    /** V8 flags instead of the ones the server runs with everywhere (benchmarks compare them). */
    nodeFlags?: readonly string[];
    /**
     * Serves DATA_DIR from a tmpfs of this many megabytes, mounted in a mount namespace of the
     * server's own (`unshare -rm`): a disk that really fills up. Others see the folder as it was;
     * the server's view of it is /proc/<pid>/root/<dataDir>.
     */
    tmpfsMegabytes?: number;
  } = {},
): Promise<AppServer> {
  assertBuilt();
  const dataDir = options.dataDir ?? makeDataDir();
  const env = options.env ?? {};
  const database = await databaseFor(dataDir, env);
  const node = [process.execPath, ...(options.nodeFlags ?? SERVER_NODE_FLAGS), SERVER];
  // unshare and sh exec what follows them, so the child's pid is the server's.
  const [command, ...args] = options.tmpfsMegabytes
    ? [
        "unshare",
        "-rm",
        "sh",
        "-c",
        `mount -t tmpfs -o size=${options.tmpfsMegabytes}m tmpfs "$DATA_DIR" && exec "$@"`,
        "sh",
        ...node,
      ]
    : node;
  const child = spawn(command!, args, {
    cwd: ROOT,
    env: serverEnv({ ...databaseEnv(database), ...env }, dataDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /"message":"listening","url":"([^"]+)"/.exec(output);
      if (match) {
        child.stdout.off("data", onData);
        resolve(match[1]!);
      }
    };
    child.stdout.on("data", onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });

  // A server that ends without stop() (a crash, or a signal from a test or from outside) says so
  // on the test run's stderr, with the end of what it wrote: a test failing after it would
  // otherwise show only "fetch failed".
  let stopping = false;
  child.once("exit", (code, signal) => {
    if (stopping) return;
    process.stderr.write(
      `test server ${url} exited without stop() (code ${code}, signal ${signal}); its last output:\n${output.slice(-2_000)}\n`,
    );
  });

  return {
    url,
    dataDir,
    ...database,
    process: child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs the server expecting it to refuse to start; resolves with its exit code and output. */
export async function runServerExpectingExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string } & ServerDatabase> {
  assertBuilt();
  const dataDir = env.DATA_DIR ?? makeDataDir();
  const database = await databaseFor(dataDir, env);
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER], {
    cwd: ROOT,
    env: serverEnv({ ...databaseEnv(database), ...env }, dataDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output, ...database };
}
