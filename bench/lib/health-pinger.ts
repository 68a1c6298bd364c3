// Parent side of the /health pinger (health-pings.ts in a process of its own): marks the phases
// whose round trips it should report.
import type { LoopDelayReport } from "./child-service.ts";
import type { PingReport } from "./health-pings.ts";
import { startServiceProcess } from "./service-process.ts";

export type PingCommand = { type: "ping-begin" } | { type: "ping-end" };

export interface HealthPinger {
  pid: number;
  begin(): void;
  /** The phase's round trips, once pings still out have answered (or waited a second). */
  end(): Promise<PingReport>;
  /** The pinger's own event-loop delay since the last call: large values would mean late pings. */
  loopDelay(): Promise<LoopDelayReport>;
  stop(): Promise<void>;
}

export async function startHealthPinger(serverUrl: string, intervalMs: number): Promise<HealthPinger> {
  const service = await startServiceProcess(new URL("./health-pinger-main.ts", import.meta.url), [
    serverUrl,
    String(intervalMs),
  ]);
  const child = service.process;
  const send = (command: PingCommand) => child.send(command);
  return {
    pid: child.pid!,
    begin: () => send({ type: "ping-begin" }),
    end: () =>
      new Promise((resolve) => {
        const onMessage = (message: { type?: string; report?: PingReport }) => {
          if (message.type !== "ping-report") return;
          child.off("message", onMessage);
          resolve(message.report!);
        };
        child.on("message", onMessage);
        send({ type: "ping-end" });
      }),
    loopDelay: () => service.loopDelay(),
    stop: () => service.stop(),
  };
}
