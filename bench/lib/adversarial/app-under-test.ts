// The built app as the adversarial bench runs it: embedded summarizer, SQLite, local mode, no rate
// limit, /metrics behind a token; with the event loop's worst delay read from /metrics and a stop
// that cannot hang on a server whose event loop is stuck.
import { rmSync } from "node:fs";

import { startAppServer, type AppServer } from "../../../test/support/app-server.ts";
import { timedRequest } from "../timed-request.ts";

const METRICS_TOKEN = "adversarial-bench-metrics-token";
// prom-client samples the delay with a timer this far apart (collectDefaultMetrics' default) and
// its histogram records each gap between samples whole, so an idle loop reports about this much.
const LAG_SAMPLING_MS = 10;
// Node's histogram reset also forgets when the last sample was taken, so the first gap after a
// reset is never recorded: a request that blocked the loop from right after a scrape would show
// no delay at all. A few samples' wait gives the gap a start.
const LAG_WINDOW_START_MS = 5 * LAG_SAMPLING_MS;
const STOP_GRACE_MS = 30_000;

export interface AppUnderTest {
  url: string;
  pid: number;
  /** How the server process ended, while the bench still needed it; undefined while it runs. */
  exit(): string | undefined;
  /**
   * Whether something other than this bench sent the server a shutdown signal (on a shared machine,
   * someone else's cleanup): its figures from then on are not the shape's.
   */
  signalledByOthers(): boolean;
  /**
   * Starts the window loopDelayMaxMs() reports on: a scrape of /metrics, on which prom-client
   * resets its event-loop delay histogram, then a wait until the histogram has a starting point.
   */
  openLoopDelayWindow(timeoutMs: number): Promise<void>;
  /** prom-client's nodejs_eventloop_lag_max_seconds since the window opened, less its sampling interval, in ms. */
  loopDelayMaxMs(timeoutMs: number): Promise<number | string>;
  stop(): Promise<void>;
}

export async function startAppUnderTest(): Promise<AppUnderTest> {
  const server = await startAppServer({
    env: {
      SUMMARY_PROVIDER: "embedded",
      SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
      METRICS_TOKEN,
      SHUTDOWN_DRAIN_MS: "1000",
    },
  });
  let stopping = false;
  return {
    url: server.url,
    pid: server.process.pid!,
    exit: () => (stopping ? undefined : describeExit(server)),
    signalledByOthers: () => !stopping && server.output().includes('"message":"shutting down"'),
    async openLoopDelayWindow(timeoutMs) {
      await scrapeLoopDelayMax(server.url, timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, LAG_WINDOW_START_MS));
    },
    loopDelayMaxMs: (timeoutMs) => scrapeLoopDelayMax(server.url, timeoutMs),
    async stop() {
      stopping = true;
      await stopWithin(server, STOP_GRACE_MS);
      rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}

function describeExit(server: AppServer): string | undefined {
  const { exitCode, signalCode } = server.process;
  if (exitCode === null && signalCode === null) return undefined;
  const outOfMemory = /heap out of memory|Allocation failed/i.test(server.output());
  return `server exited (${signalCode ?? `code ${exitCode}`}${outOfMemory ? ", out of memory" : ""})`;
}

async function scrapeLoopDelayMax(url: string, timeoutMs: number): Promise<number | string> {
  const response = await timedRequest(`${url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    timeoutMs,
    keepText: true,
  });
  if (response.error || response.status !== 200) return `no scrape (${response.error ?? response.status})`;
  const match = /^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? (\S+)$/m.exec(response.text!);
  if (!match) return "no nodejs_eventloop_lag_max_seconds";
  return Math.max(0, Number(match[1]) * 1000 - LAG_SAMPLING_MS);
}

/** SIGTERM, then SIGKILL if the server has not exited in time (a blocked loop never sees SIGTERM). */
async function stopWithin(server: AppServer, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.process.kill("SIGKILL");
      resolve();
    }, graceMs);
  });
  await Promise.race([server.stop(), killed]);
  clearTimeout(timer);
  if (server.process.exitCode === null && server.process.signalCode === null) {
    await new Promise((resolve) => server.process.once("exit", resolve));
  }
}
