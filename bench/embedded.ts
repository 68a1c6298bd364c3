// The embedded summarizer through the API on full-visit transcripts (ACI-Bench valid split):
// client-observed time to the first delta and to `done`, one request at a time.
//
//   npx tsx bench/embedded.ts [--dataset ../shared/datasets/aci-bench-valid.jsonl] [--repeat 5]
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { startAppServer } from "../test/support/app-server";
import { openSse } from "../test/support/sse";

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    dataset: { type: "string", default: path.resolve(root, "../shared/datasets/aci-bench-valid.jsonl") },
    repeat: { type: "string", default: "5" },
  },
});
const dataset = path.resolve(values.dataset!);
if (!existsSync(dataset)) {
  console.log(
    `No dataset at ${dataset}: this benchmark needs the public ACI-Bench split (see datasets/README.md).`,
  );
  process.exit(0);
}
const dialogues = readFileSync(dataset, "utf8")
  .trim()
  .split("\n")
  .map((line) => (JSON.parse(line) as { dialogue: string }).dialogue);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const server = await startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
try {
  const first: number[] = [];
  const done: number[] = [];
  const summarize = async (notes: string) => {
    const stream = await openSse(`${server.url}/api/consultation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notes }),
    });
    const delta = await stream.waitFor("delta");
    const end = await stream.waitFor("done");
    await stream.finished;
    return { first: delta.at, done: end.at };
  };
  for (const notes of dialogues.slice(0, 3)) await summarize(notes); // warm-up
  for (let round = 0; round < Number(values.repeat); round++) {
    for (const notes of dialogues) {
      const timing = await summarize(notes);
      first.push(timing.first);
      done.push(timing.done);
    }
  }
  const chars = dialogues.map((d) => d.length);
  console.log(
    `${dialogues.length} transcripts (${Math.min(...chars)}–${Math.max(...chars)} characters) × ${values.repeat}, embedded summarizer, one at a time`,
  );
  for (const [label, samples] of [
    ["first delta", first],
    ["done (end to end)", done],
  ] as const) {
    console.log(
      `${label.padEnd(18)} p50 ${percentile(samples, 50).toFixed(1)} ms  p95 ${percentile(samples, 95).toFixed(1)} ms  max ${Math.max(...samples).toFixed(1)} ms`,
    );
  }
} finally {
  await server.stop();
}
