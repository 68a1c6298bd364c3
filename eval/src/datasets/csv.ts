// RFC 4180 CSV via csv-parse: quoted fields (with commas, doubled quotes and line breaks inside),
// CRLF, LF or lone CR line endings, an optional UTF-8 BOM. Malformed input throws `CsvError` with
// the line; lines are counted from csv-parse's byte offsets (see csv-positions.ts).
import { CsvError as CsvParseError, parse, type Options } from "csv-parse/sync";
import { closingQuote, LineCounter, nextQuote, skipLineBreaks } from "./csv-positions";

/** One parsed record and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(
    /** 1-based line of the problem. */
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = "CsvError";
  }
}

const CSV_OPTIONS: Options = {
  // Any mix of line endings, the two-byte one first so that it counts as one break.
  record_delimiter: ["\r\n", "\n", "\r"],
  relax_column_count: true,
  skip_empty_lines: true,
};

/**
 * Parses CSV text into records. Line breaks outside quotes (`\r\n`, `\n` or a lone `\r`) end a
 * record; inside quotes they are kept verbatim. Empty lines outside quotes (including a trailing
 * newline at the end of the file) produce no record.
 *
 * Throws `CsvError` on a quote inside an unquoted field, text after a closing quote, or a quoted
 * field that is never closed (reported at the line where it opened).
 */
export function parseCsv(text: string): CsvRecord[] {
  // The BOM is stripped here rather than by csv-parse so that its byte offsets index `bytes`.
  const bytes = Buffer.from(text.startsWith("\uFEFF") ? text.slice(1) : text, "utf8");
  const recordEnds: number[] = [];
  let rows: string[][];
  try {
    rows = parse(bytes, {
      ...CSV_OPTIONS,
      on_record: (record: string[], context) => {
        recordEnds.push(context.bytes);
        return record;
      },
    });
  } catch (error) {
    if (error instanceof CsvParseError) throw toCsvError(error, bytes);
    throw error;
  }
  const lines = new LineCounter(bytes);
  let previousEnd = 0;
  return rows.map((fields, index) => {
    const line = lines.lineAt(skipLineBreaks(bytes, previousEnd));
    previousEnd = recordEnds[index]!;
    return { line, fields };
  });
}

/** Restates a csv-parse error with the line of the offending character and our wording. */
function toCsvError(error: CsvParseError, bytes: Buffer): CsvError {
  // csv-parse's `bytes` is where the failing field starts (its delimiter, or the record's start).
  const fieldStart = typeof error.bytes === "number" ? error.bytes : 0;
  const quote = Math.max(nextQuote(bytes, fieldStart), fieldStart);
  const lineAt = (offset: number) => new LineCounter(bytes).lineAt(offset);
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new CsvError(lineAt(quote), "unterminated quoted field (no closing quote)");
    case "INVALID_OPENING_QUOTE":
      return new CsvError(
        lineAt(quote),
        'unexpected quote in an unquoted field (quote the field and double the ")',
      );
    case "CSV_INVALID_CLOSING_QUOTE": {
      const after = closingQuote(bytes, quote) + 1;
      const character = bytes.subarray(after, after + 4).toString("utf8")[0];
      return new CsvError(
        lineAt(after),
        `unexpected character ${JSON.stringify(character)} after a closing quote`,
      );
    }
    default:
      return new CsvError(typeof error.lines === "number" ? error.lines : lineAt(fieldStart), error.message);
  }
}

/** A CSV file with a header row: the column names and the data records. */
export interface CsvTable {
  header: string[];
  rows: CsvRecord[];
}

/** Parses CSV whose first record is a header. Throws `CsvError` when there is no header. */
export function parseCsvTable(text: string): CsvTable {
  const [head, ...rows] = parseCsv(text);
  if (!head) throw new CsvError(1, "the file is empty (expected a header row)");
  return { header: head.fields.map((name) => name.trim()), rows };
}
