// MTS-Dialog (Ben Abacha et al., EACL 2023; CC BY 4.0) original CSV layout → canonical cases.
// Header `ID,section_header,section_text,dialogue`: one note section per short conversation.
import { readFile } from "node:fs/promises";

import type { EvalCase } from "../types";
import { checkUniqueId, readCsvRows, requireValues, throwIfProblems } from "./csv-rows";

export const MTS_COLUMNS = ["ID", "section_header", "section_text", "dialogue"] as const;

/**
 * Converts MTS-Dialog CSV text: id `mts-dialog-<ID>`, section = section_header as given (e.g.
 * "GENHX"), notes = dialogue, reference = section_text. Throws `DatasetError` listing every bad row.
 */
export function parseMtsCsv(text: string, file: string): EvalCase[] {
  const { rows, problems } = readCsvRows(text, file, MTS_COLUMNS);
  const cases: EvalCase[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (!requireValues(row, MTS_COLUMNS, file, problems)) continue;
    const { ID, section_header, section_text, dialogue } = row.values;
    const id = `mts-dialog-${ID}`;
    if (!checkUniqueId(id, row.line, seen, file, problems)) continue;
    cases.push({ id, section: section_header, notes: dialogue, reference: section_text });
  }
  throwIfProblems(problems, cases.length, file);
  return cases;
}

/** Reads and converts an MTS-Dialog CSV file. */
export async function importMtsCsv(file: string): Promise<EvalCase[]> {
  return parseMtsCsv(await readFile(file, "utf8"), file);
}
