// Load on the summary stream, next to the same upstream called directly and to a bare relay.
//
//   npx tsx bench/stream.ts [--levels 1,100,1000] [--seconds 10] [--runs 1] [--pin auto|off]
//                           [--postgres | --database-url URL] [--max-others 0.1] [--attempts 3]
//                           [--tokens 200] [--token-delay-ms 20] [--node-flags="FLAGS"]
//                           [--relay-node-flags="FLAGS"]
//
// A fake OpenAI-compatible upstream (bench/lib/paced-upstream.ts, in its own process) streams N
// tokens at a fixed pace (200 × 20 ms ≈ 4 s). For each level, requests arrive open-loop at
// level / stream-duration per second for --seconds, alternating between the target and the
// upstream itself, so both see the same load; each is timed from its intended arrival. The
// targets are the app (POST /api/consultation, openai provider, DATABASE_URL from --database-url)
// and the bare relay in bench/lib/relay-server.ts (the floor), each in its own process started
// afresh per level. "Added" is target minus direct at the same percentile. --postgres runs the app
// on a throwaway PostgreSQL server (fsync on), pinned with the app and counted as the app's CPU.
// With --pin auto (the default when taskset and 2+ CPUs exist) the server under test gets the
// last CPU and the harness (this load client and the fake upstream) the others. A phase during
// which other processes used more than --max-others of a core is measured again (--attempts).
// On two cores ~1000 streams of 20 ms tokens saturate the harness and any server alike (the bench
// prints "saturated:"); `--levels 1000 --seconds 30 --token-delay-ms 100` holds ~1000 streams open
// at a fifth of the token rate, which this machine can serve. --node-flags replaces the V8 flags
// the app runs with (server/node-flags.ts); the relay runs with Node's defaults unless
// --relay-node-flags gives it some, e.g. the app's, to compare like with like.
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";

import { SERVER_NODE_FLAGS } from "../server/node-flags.ts";
import { startAppServer } from "../test/support/app-server.ts";
import { describeAppDatabase, redactUrl } from "./lib/app-database.ts";
import { startBenchPostgres } from "./lib/bench-postgres.ts";
import { pin, pinPlan } from "./lib/cpu-pinning.ts";
import { measurePhase, type PhaseResult, type TargetServer } from "./lib/measure-phase.ts";
import { levelTable, summary, type LevelResult } from "./lib/report.ts";
import { startServiceProcess, type ServiceProcess } from "./lib/service-process.ts";

const { values } = parseArgs({
  options: {
    levels: { type: "string", default: "1,100,1000" },
    seconds: { type: "string", default: "10" },
    runs: { type: "string", default: "1" },
    pin: { type: "string", default: "auto" },
    "database-url": { type: "string" },
    postgres: { type: "boolean", default: false },
    "max-others": { type: "string", default: "0.1" },
    attempts: { type: "string", default: "3" },
    tokens: { type: "string", default: "200" },
    "token-delay-ms": { type: "string", default: "20" },
    "node-flags": { type: "string", default: SERVER_NODE_FLAGS.join(" ") },
    "relay-node-flags": { type: "string", default: "" },
  },
});
const levels = values.levels.split(",").map(Number);
const seconds = Number(values.seconds);
const runs = Number(values.runs);
const tokenCount = Number(values.tokens);
const tokenDelayMs = Number(values["token-delay-ms"]);
const postgres = values.postgres ? await startBenchPostgres() : undefined;
const databaseUrl = postgres?.url ?? values["database-url"];
const maxOthers = Number(values["max-others"]);
const maxAttempts = Number(values.attempts);
const flagList = (flags: string) => flags.split(/\s+/).filter(Boolean);
const nodeFlags = flagList(values["node-flags"]);
const relayNodeFlags = flagList(values["relay-node-flags"]);
const streamSeconds = (tokenCount * tokenDelayMs) / 1000;
// The fake upstream sends its first token one token delay after the request.
const shape = { nominalTtftMs: tokenDelayMs };
const cpuCount = availableParallelism(); // before pinning narrows what this process may use
const plan = values.pin === "off" ? undefined : pinPlan(cpuCount);

async function withServer(
  start: () => Promise<TargetServer & { stop(): Promise<unknown> }>,
  measure: (server: TargetServer) => Promise<PhaseResult>,
): Promise<PhaseResult> {
  const server = await start();
  try {
    if (plan) for (const pid of [server.pid, ...(postgres?.pids() ?? [])]) pin(pid, plan.server);
    return await measure(server);
  } finally {
    await server.stop();
  }
}

/**
 * Measures a phase again, with a fresh server, when other work on the machine took more than
 * --max-others of a core during it; keeps the least disturbed attempt.
 */
async function undisturbed(name: string, measureOnce: () => Promise<PhaseResult>): Promise<PhaseResult> {
  let best: PhaseResult | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const result = { ...(await measureOnce()), attempts: attempt };
    if (!best || result.othersCpuShare < best.othersCpuShare) best = result;
    if (result.othersCpuShare <= maxOthers) break;
    const share = `${(result.othersCpuShare * 100).toFixed(0)}%`;
    console.log(`  (${name}: other processes took ${share} of a core during the phase; measuring again)`);
  }
  return best!;
}

let databasePrinted = false;

async function startApp(upstreamUrl: string) {
  const app = await startAppServer({
    nodeFlags,
    env: {
      SUMMARY_PROVIDER: "openai",
      OPENAI_API_KEY: "sk-bench",
      OPENAI_BASE_URL: upstreamUrl,
      SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
      RETENTION_HOURS: "1",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  });
  if (!databasePrinted) {
    console.log(`database: ${describeAppDatabase(app.output(), databaseUrl)}\n`);
    databasePrinted = true;
  }
  return {
    url: app.url,
    pid: app.process.pid!,
    databaseCpuSeconds: postgres?.cpuSeconds,
    stop: () => app.stop(),
  };
}

async function startRelay(upstreamUrl: string) {
  const relay = await startServiceProcess(
    new URL("./lib/relay-main.ts", import.meta.url),
    [upstreamUrl],
    relayNodeFlags,
  );
  return { url: relay.url, pid: relay.process.pid!, stop: () => relay.stop() };
}

async function measureLevel(upstream: ServiceProcess, level: number): Promise<LevelResult> {
  const perSideRate = level / streamSeconds;
  const load = { perSideRate, seconds };
  const measure = (server: TargetServer) => measurePhase(server, upstream, load);
  const app = await undisturbed("app", () => withServer(() => startApp(upstream.url), measure));
  const relay = await undisturbed("relay", () => withServer(() => startRelay(upstream.url), measure));
  return { level, app, relay };
}

function machineLine(): string {
  const [one, five] = loadavg();
  const pinning = plan
    ? `pinned with taskset: server on CPU ${plan.server}, load client and fake upstream on CPU ${plan.harness}`
    : "not pinned";
  return `machine: ${cpuCount} CPUs, load average ${one!.toFixed(2)} (1 min) ${five!.toFixed(2)} (5 min); ${pinning}`;
}

console.log(machineLine());
console.log(
  `upstream: ${tokenCount} tokens, ${tokenDelayMs} ms apart (${streamSeconds.toFixed(1)} s a stream); ${seconds} s of arrivals per level; ${runs} run(s)`,
);
const shownFlags = (flags: string[]) => flags.join(" ") || "none (Node's defaults)";
console.log(`node flags: app ${shownFlags(nodeFlags)}; relay ${shownFlags(relayNodeFlags)}`);
if (databaseUrl) console.log(`--database-url ${redactUrl(databaseUrl)} is passed to the app as DATABASE_URL`);
if (plan) pin(process.pid, plan.harness);
const upstream = await startServiceProcess(new URL("./lib/upstream-main.ts", import.meta.url), [
  String(tokenCount),
  String(tokenDelayMs),
]);
if (plan) pin(upstream.process.pid!, plan.harness);
const results: LevelResult[][] = [];
try {
  for (let run = 1; run <= runs; run++) {
    console.log(`\n— run ${run} of ${runs} (${machineLine().replace(/;.*/, "")})\n`);
    const runResults: LevelResult[] = [];
    for (const level of levels) {
      const result = await measureLevel(upstream, level);
      console.log(levelTable(result, level / streamSeconds, shape));
      runResults.push(result);
    }
    results.push(runResults);
  }
  console.log(summary(results, shape));
} finally {
  await upstream.stop();
  await postgres?.stop();
}
