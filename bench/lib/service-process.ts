// Parent side of a bench service process (the fake upstream, the relay): spawns it with plain
// node (or the V8 flags given), waits for its URL, and can ask it for its event-loop delay.
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";

import type { LoopDelayReport } from "./child-service.ts";

export interface ServiceProcess {
  url: string;
  process: ChildProcess;
  /** Event-loop delay since the previous call (or the start). */
  loopDelay(): Promise<LoopDelayReport>;
  stop(): Promise<void>;
}

export async function startServiceProcess(
  entry: URL,
  args: string[],
  nodeFlags: readonly string[] = [],
): Promise<ServiceProcess> {
  const child = fork(entry.pathname, args, {
    execArgv: [...nodeFlags],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = once(child, "exit");
  const ready = new Promise<string>((resolve, reject) => {
    child.once("message", (message: { type: string; url: string }) => resolve(message.url));
    void exited.then(([code]) =>
      reject(new Error(`${entry.pathname} exited with ${code} before it was ready`)),
    );
  });
  const url = await ready;
  return {
    url,
    process: child,
    loopDelay: () =>
      new Promise((resolve) => {
        const onMessage = (message: LoopDelayReport) => {
          if (message.type !== "loop-delay") return;
          child.off("message", onMessage);
          resolve(message);
        };
        child.on("message", onMessage);
        child.send({ type: "loop-delay" });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      await exited;
    },
  };
}
