// The reviewer workbench's access to the eval package's SQLite store (EVAL_DB): the same schema,
// migrations and store functions as `npm run eval`, so a rating saved here is one the CLI exports.
import { existsSync } from "node:fs";

import { openEvalDatabase, type EvalDatabase } from "@consult-summary/eval/store";

/** The eval store at EVAL_DB, opened when the workbench first finds it there. */
export class EvalStore {
  private open: EvalDatabase | undefined;

  /** `file`: where the workbench looks for the eval store. */
  constructor(readonly file: string) {}

  /**
   * The eval store, or null when it does not exist yet (nobody has run `npm run eval -- run …`):
   * the workbench never creates an empty store of its own.
   */
  get(): EvalDatabase | null {
    if (!existsSync(this.file)) {
      this.close();
      return null;
    }
    this.open ??= openEvalDatabase(this.file);
    return this.open;
  }

  close(): void {
    this.open?.$client.close();
    this.open = undefined;
  }
}

/** The command a reviewer (or whoever runs the evals) gives to fill an empty store. */
export const EVAL_RUN_COMMAND = "npm run eval -- run --prompt v1 --dataset datasets/consultations.jsonl";
