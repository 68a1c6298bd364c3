// Word-level diff of two texts, keeping the original whitespace. jsdiff aligns the whitespace-separated words;
// its own diffWords splits punctuation off words ("fever." → "fever", ".") and marks whitespace changes, so the
// words and the whitespace between them are handled here.
import { diffArrays } from "diff";

export type DiffOp = "equal" | "insert" | "delete";

export interface DiffPart {
  op: DiffOp;
  text: string;
}

interface Tokens {
  /** The words, in order. */
  words: string[];
  /** seps[i] is the whitespace before words[i]; seps[words.length] is the trailing whitespace. */
  seps: string[];
}

function tokenize(text: string): Tokens {
  const words: string[] = [];
  const seps: string[] = [];
  const re = /(\s*)(\S+)/gy;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    seps.push(m[1] ?? "");
    words.push(m[2] ?? "");
    last = re.lastIndex;
  }
  seps.push(text.slice(last));
  return { words, seps };
}

/**
 * Above this many cells (words × words, after trimming the common prefix/suffix) the middle is reported as
 * replaced without aligning it: bounds the time spent on two long, wholly different texts.
 */
const MAX_ALIGNED_CELLS = 16_000_000;

/** Index pairs [i, j] of matched words of a and b (a longest common subsequence, via jsdiff), ascending. */
function matchedWords(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k < start; k++) pairs.push([k, k]);
  if ((endA - start + 1) * (endB - start + 1) <= MAX_ALIGNED_CELLS) {
    let i = start;
    let j = start;
    for (const change of diffArrays(a.slice(start, endA), b.slice(start, endB))) {
      if (change.added) j += change.count;
      else if (change.removed) i += change.count;
      else for (let k = 0; k < change.count; k++) pairs.push([i++, j++]);
    }
  }
  for (let k = 0; k < a.length - endA; k++) pairs.push([endA + k, endB + k]);
  return pairs;
}

function isBlank(s: string): boolean {
  return /^\s*$/.test(s);
}

function commonWhitespacePrefix(a: string, b: string): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k] && /\s/.test(a[k] as string)) k++;
  return k;
}

function commonWhitespaceSuffix(a: string, b: string): number {
  let k = 0;
  while (
    k < a.length &&
    k < b.length &&
    a[a.length - 1 - k] === b[b.length - 1 - k] &&
    /\s/.test(a[a.length - 1 - k] as string)
  ) {
    k++;
  }
  return k;
}

/**
 * Word-level diff of `before` → `after`. Words are maximal runs of non-whitespace; they are matched with a
 * longest-common-subsequence alignment. The whitespace (including newlines) is kept in the parts, so
 * concatenating the `equal` and `insert` parts gives `after` exactly, and concatenating the `equal` and `delete`
 * parts gives `before` up to whitespace (a change that only touches whitespace is reported as `equal`, with
 * `after`'s whitespace). Adjacent parts with the same op are merged; within a replaced stretch the `delete`
 * comes before the `insert`. Identical inputs give a single `equal` part; two empty inputs give `[]`.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  const pairs = matchedWords(a.words, b.words);

  const parts: DiffPart[] = [];
  const push = (op: DiffOp, text: string): void => {
    if (text === "") return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };

  /** Text of a gap between matched words: the separator before word `from`, words from..to-1 and their separators. */
  const gapText = (t: Tokens, from: number, to: number): string => {
    let s = t.seps[from] ?? "";
    for (let k = from; k < to; k++) s += (t.words[k] ?? "") + (t.seps[k + 1] ?? "");
    return s;
  };

  const emitGap = (gapA: string, gapB: string): void => {
    if (gapA === gapB || (isBlank(gapA) && isBlank(gapB))) {
      push("equal", gapB);
      return;
    }
    const pre = commonWhitespacePrefix(gapA, gapB);
    const restA = gapA.slice(pre);
    const restB = gapB.slice(pre);
    const suf = commonWhitespaceSuffix(restA, restB);
    push("equal", gapB.slice(0, pre));
    push("delete", restA.slice(0, restA.length - suf));
    push("insert", restB.slice(0, restB.length - suf));
    push("equal", restB.slice(restB.length - suf));
  };

  // Gaps sit between consecutive matched words; the separator right after a matched word belongs to the next gap.
  let prevA = 0;
  let prevB = 0;
  let first = true;
  for (const [i, j] of pairs) {
    if (first) {
      emitGap(gapText(a, 0, i), gapText(b, 0, j));
      first = false;
    } else {
      emitGap(gapText(a, prevA, i), gapText(b, prevB, j));
    }
    push("equal", b.words[j] as string);
    prevA = i + 1;
    prevB = j + 1;
  }
  if (first) emitGap(before, after);
  else emitGap(gapText(a, prevA, a.words.length), gapText(b, prevB, b.words.length));
  return parts;
}

/** Splits text into [leading whitespace, core, trailing whitespace] so markers can hug the words. */
export function splitOuterWhitespace(text: string): [string, string, string] {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  return [m?.[1] ?? "", m?.[2] ?? text, m?.[3] ?? ""];
}

export interface DiffMarkup {
  /** Renders unchanged text (and the whitespace around marked words). */
  text: (text: string) => string;
  /** Wraps a deleted or inserted run of words (no leading/trailing whitespace, no newline). */
  mark: (op: "insert" | "delete", core: string) => string;
}

/**
 * Renders a diff line by line so that no marker spans a newline and markers hug the words (whitespace stays
 * outside them). A change that is only whitespace keeps B's layout (insert) or disappears (delete).
 */
export function renderDiffLines(parts: DiffPart[], markup: DiffMarkup): string {
  let out = "";
  for (const part of parts) {
    const segments = part.text.replace(/\r\n?/g, "\n").split("\n");
    out += segments
      .map((segment) => {
        if (part.op === "equal") return markup.text(segment);
        const [lead, core, trail] = splitOuterWhitespace(segment);
        if (core === "") return part.op === "insert" ? markup.text(segment) : "";
        return markup.text(lead) + markup.mark(part.op, core) + markup.text(trail);
      })
      .join("\n");
  }
  return out;
}
