// Character classes for hand-written scanners, matching the regular-expression classes they replace.

/** JavaScript's `\s`: WhiteSpace (tab, VT, FF, BOM, every Zs space) and LineTerminator. */
export function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The characters `.` does not match: \n, \r, U+2028 and U+2029. */
export function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

export function isAsciiLowerCase(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}

export function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** An apostrophe inside a word: ' or the curly ’. */
function isApostrophe(code: number): boolean {
  return code === 0x27 || code === 0x2019;
}

/** A character of an English word as the word scanners read it: ASCII letter, digit or apostrophe. */
export function isAsciiWordCharacter(code: number): boolean {
  return isAsciiLetter(code) || isAsciiDigit(code) || isApostrophe(code);
}
