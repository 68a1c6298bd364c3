// A small RFC 4180 CSV parser: quoted fields (with commas, doubled quotes and line breaks inside),
// CRLF or LF line endings, an optional UTF-8 BOM. Malformed input throws `CsvError` with the line.

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

/**
 * Parses CSV text into records. Line breaks outside quotes (`\r\n`, `\n` or a lone `\r`) end a
 * record; inside quotes they are kept verbatim. Empty lines outside quotes (including a trailing
 * newline at the end of the file) produce no record.
 *
 * Throws `CsvError` on a quote inside an unquoted field, text after a closing quote, or a quoted
 * field that is never closed (reported at the line where it opened).
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;
  let i = 0;
  const n = src.length;

  // Whether the current record has any content yet (so that blank lines can be skipped).
  let started = false;

  const endRecord = () => {
    if (started) records.push({ line: recordLine, fields });
    fields = [];
    started = false;
  };

  /** Consumes a line break at `i` if there is one; returns whether it did. */
  const lineBreak = (): boolean => {
    const ch = src[i];
    if (ch === "\n") {
      i += 1;
    } else if (ch === "\r") {
      i += src[i + 1] === "\n" ? 2 : 1;
    } else {
      return false;
    }
    line += 1;
    return true;
  };

  while (i < n) {
    if (!started) recordLine = line;
    // Start of a field.
    if (src[i] === '"') {
      const openedOn = line;
      started = true;
      i += 1;
      let value = "";
      for (;;) {
        if (i >= n) throw new CsvError(openedOn, "unterminated quoted field (no closing quote)");
        const ch = src[i]!;
        if (ch === '"') {
          if (src[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (ch === "\n" || (ch === "\r" && src[i + 1] !== "\n")) line += 1;
        value += ch;
        i += 1;
      }
      fields.push(value);
      if (i >= n) break;
      if (src[i] === ",") {
        i += 1;
        if (i >= n) fields.push("");
        continue;
      }
      if (lineBreak()) {
        endRecord();
        continue;
      }
      throw new CsvError(line, `unexpected character ${JSON.stringify(src[i])} after a closing quote`);
    }

    // Unquoted field: up to the next comma or line break.
    let value = "";
    while (i < n) {
      const ch = src[i]!;
      if (ch === "," || ch === "\n" || ch === "\r") break;
      if (ch === '"')
        throw new CsvError(line, 'unexpected quote in an unquoted field (quote the field and double the ")');
      value += ch;
      i += 1;
    }
    if (i >= n) {
      if (value !== "" || started) {
        started = true;
        fields.push(value);
      }
      break;
    }
    if (src[i] === ",") {
      started = true;
      fields.push(value);
      i += 1;
      if (i >= n) fields.push("");
      continue;
    }
    // Line break.
    if (value !== "" || started) {
      started = true;
      fields.push(value);
    }
    lineBreak();
    endRecord();
  }
  endRecord();
  return records;
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
