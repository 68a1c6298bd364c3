// Inline Markdown found in model output (links, emphasis, code), matched by linear scans.
//
// Each function gives exactly the result of the regular expression in its comment with the `g`
// flag, but those expressions backtrack: on many "[" or "**" with no match they rescan the rest of
// the line from every opening, which is quadratic. Here every search for a closing delimiter goes
// through a `Finder`, whose position only moves forward, so a whole pass is linear in the text.

import { isLineTerminator, isWhitespace } from "./characters";
import type { WorkMeter } from "./work-meter";

type Predicate = (text: string, at: number) => boolean;

/** Finds the first index ≥ `from` where `matches` holds (text.length if none), for non-decreasing `from`. */
class Finder {
  private found = -1;

  constructor(
    private readonly text: string,
    private readonly matches: Predicate,
    private readonly meter?: WorkMeter,
  ) {}

  next(from: number): number {
    if (this.found >= from) return this.found;
    let i = from;
    while (i < this.text.length && !this.matches(this.text, i)) i++;
    this.meter?.add(i - from + 1);
    this.found = i;
    return i;
  }
}

const BACKTICK = 0x60;
const EMPHASIS_FOLLOWERS = ").,;:!?";

function isCloseBracket(text: string, at: number): boolean {
  return text.charCodeAt(at) === 0x5d;
}

function endsUrl(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === 0x29 || isWhitespace(code);
}

function isLineBreak(text: string, at: number): boolean {
  return isLineTerminator(text.charCodeAt(at));
}

/** A closing emphasis marker: non-space before it, then the end, whitespace or punctuation. */
function closesEmphasis(text: string, at: number, marker: number): boolean {
  if (text.charCodeAt(at) !== marker || isWhitespace(text.charCodeAt(at - 1))) return false;
  return (
    at + 1 === text.length ||
    isWhitespace(text.charCodeAt(at + 1)) ||
    EMPHASIS_FOLLOWERS.includes(text[at + 1]!)
  );
}

const EMPHASIS_CLOSER: Record<"*" | "_", Predicate> = {
  "*": (text, at) => closesEmphasis(text, at, 0x2a),
  _: (text, at) => closesEmphasis(text, at, 0x5f),
};

export type InlinePart =
  { kind: "text"; text: string } | { kind: "link"; label: string; url: string; image: boolean };

function pushText(parts: InlinePart[], source: string, from: number, to: number): void {
  if (to > from) parts.push({ kind: "text", text: source.slice(from, to) });
}

/**
 * Splits text into inline links `[label](url)` and images `![label](url)`, as
 * /!?\[([^\]]*)\]\(([^)\s]*)\)/g would match them, and the (non-empty) text between them.
 */
export function splitLinks(source: string, meter?: WorkMeter): InlinePart[] {
  const closeBracket = new Finder(source, isCloseBracket, meter);
  const urlEnd = new Finder(source, endsUrl, meter);
  const parts: InlinePart[] = [];
  let copied = 0;
  let i = source.indexOf("[");
  while (i >= 0) {
    meter?.add(1);
    const close = closeBracket.next(i + 1);
    if (close === source.length) break; // no "]" left: no more links
    const end = source.charCodeAt(close + 1) === 0x28 ? urlEnd.next(close + 2) : -1;
    if (end >= 0 && source.charCodeAt(end) === 0x29) {
      const image = i > copied && source.charCodeAt(i - 1) === 0x21;
      pushText(parts, source, copied, image ? i - 1 : i);
      parts.push({
        kind: "link",
        label: source.slice(i + 1, close),
        url: source.slice(close + 2, end),
        image,
      });
      copied = end + 1;
      i = source.indexOf("[", copied);
    } else i = source.indexOf("[", i + 1);
  }
  pushText(parts, source, copied, source.length);
  return parts;
}

/**
 * Replaces each `D…D` pair (at least one character inside, no line break, the nearest closing `D`)
 * by its content: for `delimiter` "**" what `\*\*(.+?)\*\*` with the g flag does with "$1",
 * likewise "__" and "~~".
 */
export function stripDelimited(text: string, delimiter: string, meter?: WorkMeter): string {
  const size = delimiter.length;
  const lineBreak = new Finder(text, isLineBreak, meter);
  let out = "";
  let copied = 0;
  // The nearest delimiter at or after the last position asked for (-1: none left); it only moves on.
  let close = -2;
  for (let open = text.indexOf(delimiter); open >= 0;) {
    meter?.add(1);
    if (close !== -1 && close < open + size + 1) close = text.indexOf(delimiter, open + size + 1);
    if (close < 0) break;
    if (lineBreak.next(open + size) >= close) {
      out += text.slice(copied, open) + text.slice(open + size, close);
      copied = close + size;
      open = text.indexOf(delimiter, copied);
    } else open = text.indexOf(delimiter, open + 1);
  }
  return out + text.slice(copied);
}

/**
 * Removes single-character emphasis markers, as
 * /(^|[\s(])\*(\S(?:.*?\S)?)\*(?=$|[\s).,;:!?])/g → "$1$2" does for `marker` "*" (likewise "_"):
 * an opening marker at the start or after whitespace or "(", a closing one followed by the end,
 * whitespace or punctuation, non-space content next to both, no line break. Like the expression, it
 * prefers the nearest closing marker that leaves at least two characters inside over a one-character
 * content ("*a* b*" → "a* b").
 */
export function stripEmphasisMarkers(text: string, marker: "*" | "_", meter?: WorkMeter): string {
  const closes = EMPHASIS_CLOSER[marker];
  const closer = new Finder(text, closes, meter);
  const lineBreak = new Finder(text, isLineBreak, meter);
  let out = "";
  let copied = 0;
  for (let open = text.indexOf(marker); open >= 0; open = text.indexOf(marker, Math.max(open + 1, copied))) {
    meter?.add(1);
    const before = text.charCodeAt(open - 1);
    const opens = open === 0 || (open > copied && (isWhitespace(before) || before === 0x28));
    if (!opens || open + 1 >= text.length || isWhitespace(text.charCodeAt(open + 1))) continue;
    const limit = lineBreak.next(open + 1);
    let close = closer.next(open + 3);
    if (close >= limit) close = closes(text, open + 2) ? open + 2 : -1;
    if (close < 0) continue;
    out += text.slice(copied, open) + text.slice(open + 1, close);
    copied = close + 1;
  }
  return out + text.slice(copied);
}

/** Replaces code spans by their content, as /`+([^`]*)`+/g → "$1" does (a lone run of 2+ backticks goes). */
export function stripCodeSpans(text: string, meter?: WorkMeter): string {
  let out = "";
  let copied = 0;
  let open = text.indexOf("`");
  while (open >= 0) {
    let contentStart = open;
    while (text.charCodeAt(contentStart) === BACKTICK) contentStart++;
    const close = text.indexOf("`", contentStart);
    meter?.add((close < 0 ? text.length : close) - open);
    if (close >= 0) {
      let end = close;
      while (text.charCodeAt(end) === BACKTICK) end++;
      out += text.slice(copied, open) + text.slice(contentStart, close);
      copied = end;
    } else if (contentStart - open >= 2) {
      // No closing run: the expression backtracks and takes the last backtick of this run as one.
      out += text.slice(copied, open);
      copied = contentStart;
    } else break;
    open = text.indexOf("`", copied);
  }
  return out + text.slice(copied);
}
