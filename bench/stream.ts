// Load on the summary stream, next to the same upstream called directly and to a bare relay.
//
//   npx tsx bench/stream.ts [--levels 1,100,1000] [--seconds 10] [--tokens 200] [--token-delay-ms 20]
//
// A local fake OpenAI-compatible upstream streams N tokens at a fixed pace (200 × 20 ms ≈ 4 s).
// For each level, requests arrive open-loop at level / stream-duration per second for --seconds,
// alternating between the target (the app's POST /api/consultation with the openai provider, or
// the bare relay in bench/lib/relay-server.ts) and the upstream itself, so both see the same load.
// "Added" is target minus direct. The target server's peak RSS and CPU come from /proc.
import { parseArgs } from "node:util";

import { startFakeOpenAI, tokensOf } from "../test/fakes/openai-server";
import { startAppServer } from "../test/support/app-server";
import { processUsage } from "./lib/process-usage";
import { startRelay } from "./lib/relay-server";

const { values } = parseArgs({
  options: {
    levels: { type: "string", default: "1,100,1000" },
    seconds: { type: "string", default: "10" },
    tokens: { type: "string", default: "200" },
    "token-delay-ms": { type: "string", default: "20" },
  },
});
const levels = values.levels!.split(",").map(Number);
const seconds = Number(values.seconds);
const tokenCount = Number(values.tokens);
const tokenDelayMs = Number(values["token-delay-ms"]);
const streamSeconds = (tokenCount * tokenDelayMs) / 1000;

interface Timing {
  ttft: number;
  total: number;
}

const NOTES = "Doctor: What brings you in?\nPatient: A cough for ten days and a fever of 38.6.";

/** Reads an SSE (or OpenAI chunk) stream, timing the first text and the end. */
async function timeStream(
  response: Response,
  started: number,
  isText: (frame: string) => boolean,
): Promise<Timing> {
  let ttft = Number.NaN;
  let buffer = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += Buffer.from(chunk).toString("utf8");
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      if (Number.isNaN(ttft) && isText(frame)) ttft = performance.now() - started;
    }
  }
  if (Number.isNaN(ttft)) throw new Error("no text");
  return { ttft, total: performance.now() - started };
}

async function callTarget(url: string): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(`${url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ notes: NOTES }),
  });
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return timeStream(response, started, (frame) => frame.startsWith("event: delta"));
}

async function callUpstream(url: string): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer bench" },
    body: JSON.stringify({
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: NOTES }],
    }),
  });
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return timeStream(
    response,
    started,
    (frame) => frame.includes('"content":"') && !frame.includes('"content":""'),
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

interface Side {
  timings: Timing[];
  errors: number;
}

async function openLoop(
  level: number,
  target: (i: number) => Promise<Timing>,
  direct: () => Promise<Timing>,
) {
  const rate = level / streamSeconds; // arrivals per second that keep about `level` streams open on the target
  const count = Math.max(2, Math.round(rate * seconds) * 2);
  const sides: Record<"target" | "direct", Side> = {
    target: { timings: [], errors: 0 },
    direct: { timings: [], errors: 0 },
  };
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    // Two arrivals per target request (one each side) at twice the rate.
    const due = start + (i / (rate * 2)) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const side = i % 2 === 0 ? "target" : "direct";
    pending.push(
      (side === "target" ? target(i) : direct()).then(
        (timing) => void sides[side].timings.push(timing),
        () => void sides[side].errors++,
      ),
    );
  }
  await Promise.all(pending);
  return sides;
}

function row(label: string, side: Side, direct: Side): string {
  const fmt = (n: number) => n.toFixed(1).padStart(8);
  const ttft = side.timings.map((t) => t.ttft);
  const total = side.timings.map((t) => t.total);
  const directTtft = direct.timings.map((t) => t.ttft);
  const added = [50, 95, 99].map((p) => percentile(ttft, p) - percentile(directTtft, p));
  return `${label.padEnd(10)} n=${String(side.timings.length).padStart(5)} err=${String(side.errors).padStart(3)}  ttft p50/p95/p99 ${fmt(percentile(ttft, 50))}${fmt(percentile(ttft, 95))}${fmt(percentile(ttft, 99))}  total p50/p95 ${fmt(percentile(total, 50))}${fmt(percentile(total, 95))}  added ttft p50/p95/p99 ${fmt(added[0]!)}${fmt(added[1]!)}${fmt(added[2]!)}`;
}

const fake = await startFakeOpenAI({
  defaultStep: {
    type: "stream",
    tokens: tokensOf("word ".repeat(tokenCount)).slice(0, tokenCount),
    tokenDelayMs,
    firstTokenDelayMs: tokenDelayMs,
  },
});
console.log(
  `upstream: ${tokenCount} tokens, ${tokenDelayMs} ms apart (${streamSeconds.toFixed(1)} s a stream); ${seconds} s of arrivals per level; times in ms\n`,
);
try {
  for (const level of levels) {
    const app = await startAppServer({
      env: {
        OPENAI_API_KEY: "sk-bench",
        OPENAI_BASE_URL: fake.url,
        SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
        RETENTION_HOURS: "1",
      },
    });
    const relay = await startRelay(fake.url);
    try {
      // Warm both servers (JIT, connection pools) so the first level is not a cold-start figure.
      await Promise.all(
        [...Array(5)].flatMap(() => [callTarget(app.url), callTarget(relay.url), callUpstream(fake.url)]),
      );
      const appSides = await openLoop(
        level,
        () => callTarget(app.url),
        () => callUpstream(fake.url),
      );
      const appUsage = processUsage(app.process.pid!);
      const relaySides = await openLoop(
        level,
        () => callTarget(relay.url),
        () => callUpstream(fake.url),
      );
      console.log(`~${level} open streams (${(level / streamSeconds).toFixed(2)} requests/s to each side)`);
      console.log(row("app", appSides.target, appSides.direct));
      console.log(row("  direct", appSides.direct, appSides.direct));
      console.log(row("relay", relaySides.target, relaySides.direct));
      console.log(row("  direct", relaySides.direct, relaySides.direct));
      const appAdded =
        percentile(
          appSides.target.timings.map((t) => t.ttft),
          95,
        ) -
        percentile(
          appSides.direct.timings.map((t) => t.ttft),
          95,
        );
      const relayAdded =
        percentile(
          relaySides.target.timings.map((t) => t.ttft),
          95,
        ) -
        percentile(
          relaySides.direct.timings.map((t) => t.ttft),
          95,
        );
      console.log(
        `app server: peak RSS ${appUsage.peakRssMiB.toFixed(0)} MiB, CPU ${appUsage.cpuSeconds.toFixed(1)} s; added p95 ttft app ${appAdded.toFixed(1)} ms vs relay ${relayAdded.toFixed(1)} ms (ratio ${(appAdded / Math.max(relayAdded, 0.1)).toFixed(1)})\n`,
      );
    } finally {
      await app.stop();
      await relay.close();
    }
  }
} finally {
  await fake.close();
}
