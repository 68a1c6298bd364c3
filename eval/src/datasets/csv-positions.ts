// Byte offsets in UTF-8 CSV text → 1-based line numbers, and the quote scans that place a parse
// error. csv-parse reports byte offsets reliably but counts a CRLF inside a quoted field as two
// lines, so lines are counted here instead.

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

/** Line numbers for increasing byte offsets; `\r\n`, `\n` and a lone `\r` each end one line. */
export class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly bytes: Uint8Array) {}

  /** The line of the byte at `offset`; offsets must not decrease from one call to the next. */
  lineAt(offset: number): number {
    for (; this.offset < offset; this.offset += 1) {
      const byte = this.bytes[this.offset];
      if (byte === LF || (byte === CR && this.bytes[this.offset + 1] !== LF)) this.line += 1;
    }
    return this.line;
  }
}

/** The first offset at or after `offset` that is not a line break (skips blank lines). */
export function skipLineBreaks(bytes: Uint8Array, offset: number): number {
  let at = offset;
  while (bytes[at] === CR || bytes[at] === LF) at += 1;
  return at;
}

/** The offset of the first `"` at or after `offset`, or -1. */
export function nextQuote(bytes: Uint8Array, offset: number): number {
  return bytes.indexOf(QUOTE, offset);
}

/** The offset of the quote closing the quoted field opened at `opening` (doubled quotes are content), or -1. */
export function closingQuote(bytes: Uint8Array, opening: number): number {
  let at = nextQuote(bytes, opening + 1);
  while (at !== -1 && bytes[at + 1] === QUOTE) at = nextQuote(bytes, at + 2);
  return at;
}
