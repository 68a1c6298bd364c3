// The V8 settings the server runs with, wherever it runs: the Dockerfile's CMD, `npm start` and
// `npm run serve`, and the servers that tests and benchmarks start (test/delivery/node-flags.test.ts
// checks that they all agree; `bench/stream.ts --node-flags` measures others).
//
// A young generation of 32 MB per semi-space. V8 sizes it from the heap limit (64 MB on a large
// machine), and the size decides how much per-stream state survives into the old generation and
// how long each scavenge pauses every open stream. Measured with bench/stream at ~1,000 open
// streams (figures in ADR 005, docs/decisions/005-summary-stream-hot-path.md): 32 MB used the
// least memory and CPU; 16 MB more of both (more objects promoted, then collected late), 64 MB
// more memory.
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=32"] as const;
