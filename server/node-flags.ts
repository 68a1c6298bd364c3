// The V8 settings the server runs with, wherever it runs: the Dockerfile's CMD, `npm start` and
// `npm run serve`, and the servers that tests and benchmarks start (test/delivery/node-flags.test.ts
// checks that they all agree).
//
// A young generation of 16 MB per semi-space. On a machine with a large heap limit V8 lets it grow
// to 64 MB; with hundreds of streams open each scavenge then copies more survivors (pauses of ~3.5
// ms that every stream waits out) and the process holds ~100 MB more. Smaller scavenges run more
// often but pause for less; measured with bench/stream (README, Performance).
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=16"] as const;
