// A sentence as words with their punctuation, for the word-level rewrites of note-register.ts and
// spoken-numbers.ts: one scan, no regular expressions, so the rewrites stay linear in the text.

import { isAsciiWordCharacter } from "../../text/characters";

export interface Token {
  /** Punctuation before the word ("(", "\""). */
  pre: string;
  /** The word as written. */
  core: string;
  /** Lower case, curly apostrophes straightened: what rules match. */
  bare: string;
  /** Punctuation after the word (",", ".", "?"). */
  post: string;
}

/** A word character of a transcript: an English word's, or any non-ASCII letter ("é", "ü"). */
function isWordChar(code: number): boolean {
  return isAsciiWordCharacter(code) || code > 0x7f;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * The tokens of each text seen during one `withTokenMemo` call: the writer's rules tokenize the same
 * sentence many times. It holds consultation text, so it lives only for that synchronous call and is
 * never shared between summaries.
 */
let memo: Map<string, readonly Token[]> | undefined;

/** Runs `work` with `tokenize` remembering what it has read, for this call only. */
export function withTokenMemo<T>(work: () => T): T {
  if (memo) return work();
  memo = new Map();
  try {
    return work();
  } finally {
    memo = undefined;
  }
}

/** Whitespace-separated pieces, each split into leading punctuation, word and trailing punctuation. */
export function tokenize(text: string): Token[] {
  const seen = memo?.get(text);
  if (seen) return seen.slice();
  const tokens = scanTokens(text);
  memo?.set(text, tokens);
  return tokens.slice();
}

function scanTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
    let wordStart = start;
    while (wordStart < i && !isWordChar(text.charCodeAt(wordStart))) wordStart++;
    let wordEnd = i;
    // Inner punctuation stays in the word ("13.2", "x-ray", "h."); only the trailing run is split off.
    while (wordEnd > wordStart && !isWordChar(text.charCodeAt(wordEnd - 1))) wordEnd--;
    while (wordStart < wordEnd && text.charCodeAt(wordStart) === 0x27) wordStart++;
    while (wordEnd > wordStart && text.charCodeAt(wordEnd - 1) === 0x27) wordEnd--;
    const core = text.slice(wordStart, wordEnd);
    tokens.push({
      pre: text.slice(start, wordStart),
      core,
      bare: core.toLowerCase().replaceAll("\u2019", "'"),
      post: text.slice(wordEnd, i),
    });
  }
  return tokens;
}

/** The tokens as text, one space between pieces. */
export function untokenize(tokens: readonly Token[]): string {
  return tokens.map((t) => t.pre + t.core + t.post).join(" ");
}

const LONGEST_REPEAT = 6;

/**
 * Speech repeats itself: "i do want to increase i do want to increase the lisinopril", "the, the
 * knee". The first of two immediately repeated runs of up to six words is dropped.
 */
export function withoutRepeats(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  outer: while (i < tokens.length) {
    for (let n = Math.min(LONGEST_REPEAT, Math.floor((tokens.length - i) / 2)); n >= 1; n--) {
      let same = true;
      for (let k = 0; k < n && same; k++) same = tokens[i + k]!.bare === tokens[i + n + k]!.bare;
      if (same && tokens[i]!.bare !== "") {
        i += n;
        continue outer;
      }
    }
    out.push(tokens[i]!);
    i++;
  }
  return out;
}
