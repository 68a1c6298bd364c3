// The reviewer workbench's access to the eval package's SQLite store (EVAL_DB): the same schema,
// migrations and store functions as `npm run eval`, so a rating saved here is one the CLI exports.
import { existsSync } from "node:fs";

import { SUMMARY_PROMPT_ID } from "@consult-summary/core/prompts";
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

/** The command that runs one note type's version over the gate's dataset (`--prompt-id` but for the clinical note). */
export function evalRunCommand(promptId: string, version: string): string {
  const id = promptId === SUMMARY_PROMPT_ID ? "" : ` --prompt-id ${promptId}`;
  return `npm run eval --${id} run --prompt ${version} --dataset datasets/consultations.jsonl`;
}

/** The command a reviewer (or whoever runs the evals) gives to fill an empty store. */
export const EVAL_RUN_COMMAND = evalRunCommand(SUMMARY_PROMPT_ID, "v1");
