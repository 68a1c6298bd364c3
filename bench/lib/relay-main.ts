// Runs the bare relay in its own process, like the app: node bench/lib/relay-main.ts UPSTREAM_URL
import { serveInChild } from "./child-service.ts";
import { startRelay } from "./relay-server.ts";

await serveInChild(() => startRelay(process.argv[2]!));
