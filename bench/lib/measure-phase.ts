// One measured phase: open-loop load on one target server next to the upstream called directly,
// with the CPU and memory of the server, and how busy the harness itself was.
import { loopDelayMonitor } from "./loop-delay.ts";
import { listenOverflows, machineBusySeconds, waitForQuietMachine } from "./machine-load.ts";
import { runOpenLoop, type OpenLoopResult } from "./open-loop.ts";
import { processUsage } from "./process-usage.ts";
import type { ServiceProcess } from "./service-process.ts";
import { chatCompletionStream, consultationStream, StreamClient } from "./stream-client.ts";

export interface TargetServer {
  url: string;
  pid: number;
  /** CPU seconds so far of the server's database, when it runs one of its own (PostgreSQL). */
  databaseCpuSeconds?: () => number;
}

export interface PhaseResult extends OpenLoopResult {
  serverPeakRssBytes: number;
  /** Server CPU during the load, in seconds and as a share of one core over the phase's wall time. */
  serverCpuSeconds: number;
  serverCpuShare: number;
  /** CPU of the server's database during the load, when it has one (see TargetServer). */
  databaseCpuSeconds?: number;
  upstreamCpuShare: number;
  clientCpuShare: number;
  upstreamLoopDelayP99Ms: number;
  clientLoopDelayP99Ms: number;
  /** CPU used by everything else on the machine during the phase, as a share of one core. */
  othersCpuShare: number;
  /** Connection attempts the kernel dropped at a full listen queue (any server) during the phase. */
  listenOverflows: number;
  /** How many times the phase was measured before this result was kept (see --max-others). */
  attempts?: number;
}

const WARM_REQUESTS = 20;
const REQUEST_TIMEOUT_MS = 30_000;
const QUIET_WAIT_MS = 60_000;

export interface PhaseLoad {
  perSideRate: number;
  seconds: number;
}

/** Warms the server (JIT, connection pools) so a level's figures are not cold-start ones. */
async function warm(server: TargetServer, upstream: ServiceProcess): Promise<void> {
  const targetClient = new StreamClient(server.url, REQUEST_TIMEOUT_MS);
  const directClient = new StreamClient(upstream.url, REQUEST_TIMEOUT_MS);
  await Promise.allSettled(
    [...Array(WARM_REQUESTS)].flatMap(() => [
      targetClient.time(consultationStream, performance.now()),
      directClient.time(chatCompletionStream, performance.now()),
    ]),
  );
  targetClient.close();
  directClient.close();
}

export async function measurePhase(
  server: TargetServer,
  upstream: ServiceProcess,
  load: PhaseLoad,
): Promise<PhaseResult> {
  await warm(server, upstream);
  // Fresh connections for the measurement: idle ones may have been closed by now.
  const targetClient = new StreamClient(server.url, REQUEST_TIMEOUT_MS);
  const directClient = new StreamClient(upstream.url, REQUEST_TIMEOUT_MS);
  const target = (intendedStart: number) => targetClient.time(consultationStream, intendedStart);
  const direct = (intendedStart: number) => directClient.time(chatCompletionStream, intendedStart);

  await waitForQuietMachine(QUIET_WAIT_MS);
  const clientLoop = loopDelayMonitor();
  const machineBefore = machineBusySeconds();
  const overflowsBefore = listenOverflows();
  const serverBefore = processUsage(server.pid).cpuSeconds;
  const databaseBefore = server.databaseCpuSeconds?.();
  const upstreamBefore = processUsage(upstream.process.pid!).cpuSeconds;
  const clientBefore = process.cpuUsage();
  await upstream.loopDelay();
  clientLoop.histogram.enable();

  const result = await runOpenLoop(load.perSideRate, load.seconds, target, direct);

  clientLoop.histogram.disable();
  const serverAfter = processUsage(server.pid);
  const upstreamCpu = processUsage(upstream.process.pid!).cpuSeconds - upstreamBefore;
  const clientCpu = process.cpuUsage(clientBefore);
  const machineCpu = machineBusySeconds() - machineBefore;
  const overflows = listenOverflows() - overflowsBefore;
  const upstreamLoop = await upstream.loopDelay();
  targetClient.close();
  directClient.close();
  const serverCpuSeconds = serverAfter.cpuSeconds - serverBefore;
  const databaseCpuSeconds =
    databaseBefore === undefined ? undefined : server.databaseCpuSeconds!() - databaseBefore;
  const clientCpuSeconds = (clientCpu.user + clientCpu.system) / 1e6;
  return {
    ...result,
    serverPeakRssBytes: serverAfter.peakRssBytes,
    serverCpuSeconds,
    serverCpuShare: serverCpuSeconds / result.wallSeconds,
    databaseCpuSeconds,
    upstreamCpuShare: upstreamCpu / result.wallSeconds,
    clientCpuShare: clientCpuSeconds / result.wallSeconds,
    upstreamLoopDelayP99Ms: upstreamLoop.p99Ms,
    clientLoopDelayP99Ms: clientLoop.p99Ms(),
    othersCpuShare:
      Math.max(
        0,
        machineCpu - serverCpuSeconds - (databaseCpuSeconds ?? 0) - upstreamCpu - clientCpuSeconds,
      ) / result.wallSeconds,
    listenOverflows: overflows,
  };
}
