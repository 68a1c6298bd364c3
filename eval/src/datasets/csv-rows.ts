// Shared by the CSV importers: header validation and per-row field access with line numbers.
import { CsvError, parseCsvTable } from "./csv";
import { DatasetError, type DatasetProblem } from "./load-dataset";

export interface CsvRow<C extends string> {
  /** 1-based line the row starts on. */
  line: number;
  /** Field values by column name, line endings normalised to `\n` and surrounding whitespace trimmed. */
  values: Record<C, string>;
}

/**
 * Parses CSV text with a header that must contain every column in `columns` (any order, extra
 * columns ignored, names matched case-insensitively). Throws `DatasetError` for a malformed file
 * or missing columns; rows whose field count differs from the header are returned as problems.
 */
export function readCsvRows<C extends string>(
  text: string,
  file: string,
  columns: readonly C[],
): { rows: CsvRow<C>[]; problems: DatasetProblem[] } {
  let table;
  try {
    table = parseCsvTable(text);
  } catch (error) {
    if (error instanceof CsvError) throw new DatasetError([{ file, line: error.line, reason: error.reason }]);
    throw error;
  }
  const { header } = table;
  const lowered = header.map((name) => name.toLowerCase());
  const indexes = columns.map((column) => lowered.indexOf(column.toLowerCase()));
  const missing = columns.filter((_, k) => indexes[k] === -1);
  if (missing.length > 0) {
    throw new DatasetError([
      {
        file,
        line: 1,
        reason:
          `missing column${missing.length === 1 ? "" : "s"} ${missing.map((c) => `"${c}"`).join(", ")} ` +
          `(header is ${header.map((c) => `"${c}"`).join(",")}; expected ${columns.join(",")})`,
      },
    ]);
  }

  const rows: CsvRow<C>[] = [];
  const problems: DatasetProblem[] = [];
  for (const record of table.rows) {
    if (record.fields.length !== header.length) {
      problems.push({
        file,
        line: record.line,
        reason: `expected ${header.length} fields (as in the header), found ${record.fields.length}`,
      });
      continue;
    }
    const values = {} as Record<C, string>;
    columns.forEach((column, k) => {
      values[column] = record.fields[indexes[k]!]!.replace(/\r\n?/g, "\n").trim();
    });
    rows.push({ line: record.line, values });
  }
  return { rows, problems };
}

/** Adds a problem for each listed column that is empty in `row`; returns whether all were filled. */
export function requireValues<C extends string>(
  row: CsvRow<C>,
  columns: readonly C[],
  file: string,
  problems: DatasetProblem[],
): boolean {
  const empty = columns.filter((column) => row.values[column] === "");
  for (const column of empty) problems.push({ file, line: row.line, reason: `empty "${column}"` });
  return empty.length === 0;
}

/** Reports every id seen before (naming both lines). Returns whether the id is new. */
export function checkUniqueId(
  id: string,
  line: number,
  seen: Map<string, number>,
  file: string,
  problems: DatasetProblem[],
): boolean {
  const first = seen.get(id);
  if (first !== undefined) {
    problems.push({ file, line, reason: `duplicate id "${id}" (lines ${first} and ${line})` });
    return false;
  }
  seen.set(id, line);
  return true;
}

/** Throws `DatasetError` (problems sorted by line) if there are problems or no cases at all. */
export function throwIfProblems(problems: DatasetProblem[], count: number, file: string): void {
  if (problems.length === 0 && count === 0) problems.push({ file, line: 0, reason: "no data rows" });
  if (problems.length > 0) throw new DatasetError([...problems].sort((a, b) => a.line - b.line));
}
