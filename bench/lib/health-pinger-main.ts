// Runs the /health pinger in its own process: node bench/lib/health-pinger-main.ts URL INTERVAL_MS
import { serveInChild } from "./child-service.ts";
import { HealthPings } from "./health-pings.ts";
import type { PingCommand } from "./health-pinger.ts";

const [url, intervalMs] = process.argv.slice(2);
const pings = new HealthPings(url!, Number(intervalMs));
await serveInChild(async () => {
  pings.start();
  return { url: url! };
});
process.on("message", (message: PingCommand) => {
  if (message.type === "ping-begin") pings.begin();
  if (message.type === "ping-end") {
    void pings.end().then((report) => process.send!({ type: "ping-report", report }));
  }
});
