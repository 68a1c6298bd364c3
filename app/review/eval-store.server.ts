// The reviewer workbench's access to the eval package's SQLite store (EVAL_DB): the same schema,
// migrations and store functions as `npm run eval`, so a rating saved here is one the CLI exports.
import { existsSync } from "node:fs";

import { getConfig } from "../config/env.server";
import { openEvalDatabase, type EvalDatabase } from "@consult-summary/eval/store";

let open: { file: string; db: EvalDatabase } | undefined;

/** Where the workbench looks for the eval store. */
export function evalStorePath(): string {
  return getConfig().evalDbPath;
}

/**
 * The eval store, or null when it does not exist yet (nobody has run `npm run eval -- run …`):
 * the workbench never creates an empty store of its own.
 */
export function getEvalStore(): EvalDatabase | null {
  const file = evalStorePath();
  if (!existsSync(file)) {
    if (open) closeEvalStore();
    return null;
  }
  if (open?.file !== file) {
    closeEvalStore();
    open = { file, db: openEvalDatabase(file) };
  }
  return open.db;
}

export function closeEvalStore(): void {
  open?.db.$client.close();
  open = undefined;
}

/** The command a reviewer (or whoever runs the evals) gives to fill an empty store. */
export const EVAL_RUN_COMMAND = "npm run eval -- run --prompt v1 --dataset datasets/consultations.jsonl";
