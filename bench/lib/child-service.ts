// Child side of a bench service process: tells the parent its URL over IPC, answers requests for
// its event-loop delay since the last ask, and exits when the parent goes away.
import { loopDelayMonitor } from "./loop-delay.ts";

export interface LoopDelayReport {
  type: "loop-delay";
  p99Ms: number;
  maxMs: number;
}

export async function serveInChild(start: () => Promise<{ url: string }>): Promise<void> {
  const delay = loopDelayMonitor();
  delay.histogram.enable();
  const { url } = await start();
  process.send!({ type: "ready", url });
  process.on("message", (message: { type?: string }) => {
    if (message.type !== "loop-delay") return;
    const report: LoopDelayReport = {
      type: "loop-delay",
      p99Ms: delay.p99Ms(),
      maxMs: delay.maxMs(),
    };
    delay.histogram.reset();
    process.send!(report);
  });
  process.on("disconnect", () => process.exit(0));
}
