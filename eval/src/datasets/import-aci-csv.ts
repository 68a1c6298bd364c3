// ACI-Bench (Yim et al., Nature Scientific Data 2023; CC BY 4.0) original CSV layout → canonical cases.
// Header `dataset,encounter_id,dialogue,note`: a full visit note per conversation.
import { readFile } from "node:fs/promises";

import type { EvalCase } from "../types";
import { checkUniqueId, readCsvRows, requireValues, throwIfProblems } from "./csv-rows";

export const ACI_COLUMNS = ["dataset", "encounter_id", "dialogue", "note"] as const;

/**
 * Converts ACI-Bench CSV text: id `aci-bench-<dataset>-<encounter_id>`, no section, tags
 * [dataset], notes = dialogue, reference = note. Throws `DatasetError` listing every bad row.
 */
export function parseAciCsv(text: string, file: string): EvalCase[] {
  const { rows, problems } = readCsvRows(text, file, ACI_COLUMNS);
  const cases: EvalCase[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (!requireValues(row, ACI_COLUMNS, file, problems)) continue;
    const { dataset, encounter_id, dialogue, note } = row.values;
    const id = `aci-bench-${dataset}-${encounter_id}`;
    if (!checkUniqueId(id, row.line, seen, file, problems)) continue;
    cases.push({ id, tags: [dataset], notes: dialogue, reference: note });
  }
  throwIfProblems(problems, cases.length, file);
  return cases;
}

/** Reads and converts an ACI-Bench CSV file. */
export async function importAciCsv(file: string): Promise<EvalCase[]> {
  return parseAciCsv(await readFile(file, "utf8"), file);
}
