// Starts the real production server (server/main.ts over build/) on a random port with its own
// DATA_DIR, the way `npm start` runs it, and stops it with a real signal.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER = path.join(ROOT, "server", "main.ts");

export interface AppServer {
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
  options: { env?: Record<string, string>; dataDir?: string } = {},
): Promise<AppServer> {
  assertBuilt();
  const dataDir = options.dataDir ?? makeDataDir();
  const child = spawn(process.execPath, [SERVER], {
    cwd: ROOT,
    env: serverEnv(options.env ?? {}, dataDir),
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

  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs the server expecting it to refuse to start; resolves with its exit code and output. */
export async function runServerExpectingExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [SERVER], {
    cwd: ROOT,
    env: serverEnv(env, env.DATA_DIR ?? makeDataDir()),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output };
}
