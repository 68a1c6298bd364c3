import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { DatasetError, type DatasetProblem } from "../../src/datasets/load-dataset";

/** A fresh temp directory per test file; removed with `cleanup`. */
export async function makeTempDir(): Promise<{
  dir: string;
  write: WriteFixture;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), "eval-datasets-"));
  const write: WriteFixture = async (name, content) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  };
  return { dir, write, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export type WriteFixture = (name: string, content: string | Uint8Array) => Promise<string>;

/** Runs `action` and returns the DatasetError's problems (fails if it does not throw one). */
export async function problemsOf(action: () => unknown): Promise<DatasetProblem[]> {
  try {
    await action();
  } catch (error) {
    if (error instanceof DatasetError) return error.problems;
    throw error;
  }
  throw new Error("expected a DatasetError");
}

export function jsonl(...rows: unknown[]): string {
  return rows.map((row) => (typeof row === "string" ? row : JSON.stringify(row))).join("\n") + "\n";
}
