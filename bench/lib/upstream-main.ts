// Runs the paced fake upstream in its own process: node bench/lib/upstream-main.ts TOKENS DELAY_MS
import { serveInChild } from "./child-service.ts";
import { startPacedUpstream } from "./paced-upstream.ts";

const [tokens, tokenDelayMs] = process.argv.slice(2).map(Number);
await serveInChild(() => startPacedUpstream({ tokens: tokens!, tokenDelayMs: tokenDelayMs! }));
