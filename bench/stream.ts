// Measures the summary stream end to end over real HTTP against the built server:
// client-observed time to first delta and to `done`, sequentially and under concurrency.
//
//   npx tsx bench/stream.ts [--requests 50] [--concurrency 10] [--upstream embedded|fake-openai]
//                           [--token-delay-ms 20]
//
// `fake-openai` puts the test suite's OpenAI-compatible fake upstream behind the app, emitting
// tokens at a fixed pace, so the figures show what the app adds on top of a model's own latency.
import { parseArgs } from "node:util";

import { EXAMPLE_CONSULTATION } from "../app/consultations/example-consultation";
import { startFakeOpenAI, tokensOf } from "../test/fakes/openai-server";
import { startAppServer } from "../test/support/app-server";
import { openSse } from "../test/support/sse";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "50" },
    concurrency: { type: "string", default: "10" },
    upstream: { type: "string", default: "embedded" },
    "token-delay-ms": { type: "string", default: "20" },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const tokenDelayMs = Number(values["token-delay-ms"]);

const FAKE_SUMMARY =
  "## Chief complaint\n- Cough for ten days.\n\n## Plan\n- Doxycycline 100 mg twice a day for seven days.\n";

interface Sample {
  firstDeltaMs: number;
  doneMs: number;
  serverTtftMs: number;
  serverLatencyMs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function describe(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (n: number) => n.toFixed(1).padStart(8);
  return `${label.padEnd(26)} p50 ${fmt(percentile(sorted, 50))}  p95 ${fmt(percentile(sorted, 95))}  max ${fmt(sorted.at(-1)!)} ms`;
}

async function oneSummary(url: string): Promise<Sample> {
  const stream = await openSse(`${url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ notes: EXAMPLE_CONSULTATION }),
  });
  const firstDelta = await stream.waitFor("delta");
  const done = await stream.waitFor("done");
  await stream.finished;
  const server = done.data as { ttftMs: number; latencyMs: number };
  return {
    firstDeltaMs: firstDelta.at,
    doneMs: done.at,
    serverTtftMs: server.ttftMs,
    serverLatencyMs: server.latencyMs,
  };
}

async function run(url: string, total: number, parallel: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < total) {
        next++;
        samples.push(await oneSummary(url));
      }
    }),
  );
  return samples;
}

function report(title: string, samples: Sample[]): void {
  console.log(`\n${title} (${samples.length} summaries)`);
  console.log(
    describe(
      "client: first delta",
      samples.map((s) => s.firstDeltaMs),
    ),
  );
  console.log(
    describe(
      "client: done",
      samples.map((s) => s.doneMs),
    ),
  );
  console.log(
    describe(
      "server: time to first token",
      samples.map((s) => s.serverTtftMs),
    ),
  );
  console.log(
    describe(
      "server: total latency",
      samples.map((s) => s.serverLatencyMs),
    ),
  );
}

const fake = values.upstream === "fake-openai" ? await startFakeOpenAI() : undefined;
fake?.setDefault({
  type: "stream",
  tokens: tokensOf(FAKE_SUMMARY),
  tokenDelayMs,
  firstTokenDelayMs: tokenDelayMs,
});
const server = await startAppServer({
  env: fake ? { OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: fake.url } : {},
});
try {
  console.log(
    `upstream: ${values.upstream}${fake ? ` (${tokensOf(FAKE_SUMMARY).length} tokens, ${tokenDelayMs} ms apart)` : ""}`,
  );
  await run(server.url, 5, 1); // warm-up
  report("sequential", await run(server.url, requests, 1));
  report(`concurrency ${concurrency}`, await run(server.url, requests, concurrency));
} finally {
  await server.stop();
  await fake?.close();
}
