// Writing canonical JSONL datasets, and the `import` entry the CLI exposes:
//   npm run eval -- import --from mts-csv --input X.csv --output datasets/x.jsonl
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import type { EvalCase } from "../types";
import { importAciCsv } from "./import-aci-csv";
import { importMtsCsv } from "./import-mts-csv";
import { loadDataset, parseDataset, sha256 } from "./load-dataset";

export const IMPORT_FORMATS = ["mts-csv", "aci-csv", "shared-jsonl"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Serialises cases as canonical JSONL (keys id, section, tags, notes, reference; one case a line). */
export function formatDatasetJsonl(cases: readonly EvalCase[]): string {
  return cases
    .map((c) =>
      JSON.stringify({
        id: c.id,
        ...(c.section !== undefined ? { section: c.section } : {}),
        ...(c.tags !== undefined ? { tags: c.tags } : {}),
        notes: c.notes,
        reference: c.reference,
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}

/**
 * Writes cases to `file` as canonical JSONL (creating the directory). The text is validated with
 * the loader's rules first, so a file that is written always loads; invalid cases throw
 * `DatasetError` (line = 1-based position in `cases`) and nothing is written.
 */
export async function writeDatasetJsonl(
  cases: readonly EvalCase[],
  file: string,
): Promise<{ count: number; hash: string }> {
  const text = formatDatasetJsonl(cases);
  parseDataset(text, file);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, text, "utf8");
  return { count: cases.length, hash: sha256(text) };
}

export interface ImportOptions {
  from: ImportFormat;
  input: string;
  output: string;
}

/** Converts `input` (in the `from` layout) to a canonical JSONL dataset at `output`. */
export async function importDataset(
  options: ImportOptions,
): Promise<{ count: number; hash: string; output: string }> {
  const { from, input, output } = options;
  let cases: EvalCase[];
  switch (from) {
    case "mts-csv":
      cases = await importMtsCsv(input);
      break;
    case "aci-csv":
      cases = await importAciCsv(input);
      break;
    case "shared-jsonl":
      cases = (await loadDataset(input)).cases;
      break;
    default:
      throw new Error(
        `unknown import format "${String(from)}" (expected one of ${IMPORT_FORMATS.join(", ")})`,
      );
  }
  const written = await writeDatasetJsonl(cases, output);
  return { ...written, output };
}
