import { main } from "./main";

export { main };

// Run when executed directly (node eval/dist/cli.mjs …); eval/scripts/eval.ts imports main instead.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  process.exitCode = await main(process.argv.slice(2));
}
