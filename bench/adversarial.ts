// Issue #14's adversarial inputs against the built server, each alone: the worst /health round
// trip while it runs and the event loop's worst delay during it.
//
//   npx tsx bench/adversarial.ts [--only api,pages,exports,list,memory,connections or shape names]
//                                [--list-size 4000] [--streams 3000] [--slow-sockets 1000]
//                                [--slow-seconds 30] [--memory-mb 300] [--timeout-ms 600000]
//                                [--ping-ms 10]
//
// Every shape gets a fresh server (built app, embedded summarizer, SQLite, local mode, no rate
// limit), warmed up on each route it uses, and a pinger in its own process that sends GET /health
// every --ping-ms on a keep-alive connection and every 20th time on a new one. A request's row
// gives the slowest and the p99 ping sent while it ran (a ping still unanswered at the end counts
// as "≥" its wait; ticks skipped while a ping was out count as waiting until its answer), and
// prom-client's nodejs_eventloop_lag_max_seconds from a /metrics scrape just before to one just
// after the request (prom-client resets it on each scrape), less its 10 ms sampling interval.
// Requests give up after --timeout-ms. Prints a Markdown table; exits 0 whatever the figures, 1
// when the bench itself failed (a shape's setup or the harness).
import { parseArgs } from "node:util";

import { connectionShapes } from "./lib/adversarial/connection-shapes.ts";
import { memoryShape } from "./lib/adversarial/memory-shape.ts";
import { notesShapes } from "./lib/adversarial/notes-shapes.ts";
import { pageShapes } from "./lib/adversarial/page-shapes.ts";
import { table, verdict } from "./lib/adversarial/report.ts";
import {
  runShape,
  stopRunning,
  type BenchOptions,
  type Row,
  type Shape,
} from "./lib/adversarial/shape-run.ts";

const SHAPES: Shape[] = [...notesShapes, ...pageShapes, memoryShape, ...connectionShapes];

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    "list-size": { type: "string", default: "4000" },
    streams: { type: "string", default: "3000" },
    "slow-sockets": { type: "string", default: "1000" },
    "slow-seconds": { type: "string", default: "30" },
    "memory-mb": { type: "string", default: "300" },
    "timeout-ms": { type: "string", default: "600000" },
    "ping-ms": { type: "string", default: "10" },
  },
});

function selectedShapes(only: string | undefined): Shape[] {
  if (!only) return SHAPES;
  const wanted = new Set(only.split(","));
  const unknown = [...wanted].filter((name) => !SHAPES.some((s) => s.name === name || s.group === name));
  if (unknown.length > 0) {
    const known = [...new Set(SHAPES.flatMap((s) => [s.group, s.name]))].join(", ");
    console.error(`unknown shape(s) ${unknown.join(", ")}; known: ${known}`);
    process.exit(1);
  }
  return SHAPES.filter((shape) => wanted.has(shape.name) || wanted.has(shape.group));
}

const options: BenchOptions = {
  timeoutMs: Number(values["timeout-ms"]),
  pingMs: Number(values["ping-ms"]),
  listSize: Number(values["list-size"]),
  streams: Number(values.streams),
  slowSockets: Number(values["slow-sockets"]),
  slowSeconds: Number(values["slow-seconds"]),
  memoryMb: Number(values["memory-mb"]),
};
const shapes = selectedShapes(values.only);

process.once("SIGINT", () => {
  console.error("\ninterrupted: stopping the server");
  void stopRunning().finally(() => process.exit(130));
});

const rows: Row[] = [];
for (const shape of shapes) {
  console.error(`${shape.name}…`);
  const shapeRows = await runShape(shape, options);
  rows.push(...shapeRows);
  console.error(table(shapeRows).split("\n").slice(2).join("\n"));
}
console.log(
  `/health pinged every ${options.pingMs} ms; requests time out after ${options.timeoutMs / 1000} s; event-loop max delay: nodejs_eventloop_lag_max_seconds over the request, less prom-client's 10 ms sampling interval\n`,
);
console.log(table(rows));
console.log(`\n${verdict(rows)}`);
process.exitCode = rows.some((row) => row.harnessFailed) ? 1 : 0;
