// Numbers, dose units and frequencies a clause states, read the way a transcript says them and a
// note writes them: "one hundred milligrams" and "100 mg", "one twenty two over seventy" and
// "122/70", "twice a day" and "b.i.d.".

import { foldNumberWords, isTensWord, numberWordValue } from "../text/content-tokens";
import { FREQUENCIES, UNITS } from "./lexicon";

const FREQUENCY_PHRASES = FREQUENCIES.map(([phrase, canonical]) => [phrase.split(" "), canonical] as const);
const PHRASES_BY_FIRST_WORD = new Map<string, Array<readonly [string[], string]>>();
for (const entry of FREQUENCY_PHRASES) {
  const first = entry[0][0]!;
  PHRASES_BY_FIRST_WORD.set(first, [...(PHRASES_BY_FIRST_WORD.get(first) ?? []), entry]);
}

const NUMBER = /^\d+(?:\.\d+)?$/;

export function isNumber(word: string): boolean {
  return NUMBER.test(word);
}

/** Spelled-out numbers as digits, "seven point five" as "7.5". */
export function foldNumbers(words: readonly string[]): string[] {
  const folded = foldNumberWords(words);
  const out: string[] = [];
  for (let i = 0; i < folded.length; i++) {
    const word = folded[i]!;
    const fraction = folded[i + 2];
    if (folded[i + 1] === "point" && /^\d+$/.test(word) && fraction !== undefined && /^\d+$/.test(fraction)) {
      out.push(`${word}.${fraction}`);
      i += 2;
    } else out.push(word);
  }
  return out;
}

/**
 * Every number the words state: digits, spelled-out numbers ("seventy six" → 76), and the way
 * people say readings and doses, "one twenty two" → 122 and "one oh five" → 105 (besides 1 and 22).
 */
export function statedNumbers(words: readonly string[]): string[] {
  const numbers = foldNumbers(words).filter(isNumber);
  for (let i = 0; i + 1 < words.length; i++) {
    const hundreds = numberWordValue(words[i]!);
    if (hundreds === undefined || hundreds < 1 || hundreds > 9) continue;
    const next = words[i + 1]!;
    const unit = numberWordValue(words[i + 2] ?? "");
    if (isTensWord(next)) {
      const tens = numberWordValue(next)!;
      const rest = unit !== undefined && unit > 0 && unit < 10 ? tens + unit : tens;
      numbers.push(String(hundreds * 100 + rest));
    } else if (next === "oh" && unit !== undefined && unit > 0 && unit < 10) {
      numbers.push(String(hundreds * 100 + unit));
    }
  }
  return numbers;
}

export interface Mention {
  /** Where it starts, in the folded words. */
  at: number;
  /** "100 mg", "2/day", "q8h", "night", "prn". */
  text: string;
}

/** Each number directly followed by a dose unit, as "100 mg", in words already folded. */
export function doseMentions(folded: readonly string[]): Mention[] {
  const doses: Mention[] = [];
  for (let i = 0; i + 1 < folded.length; i++) {
    const unit = UNITS.get(folded[i + 1]!);
    if (unit && isNumber(folded[i]!)) doses.push({ at: i, text: `${folded[i]} ${unit}` });
  }
  return doses;
}

/** How often something is taken, as canonical forms, in words already folded. */
export function frequencyMentions(folded: readonly string[]): Mention[] {
  const found: Mention[] = [];
  for (let i = 0; i < folded.length; i++) {
    const word = folded[i]!;
    // "3 times a day", "two times per week"
    if (isNumber(word) && folded[i + 1] === "times" && (folded[i + 2] === "a" || folded[i + 2] === "per")) {
      const period = folded[i + 3];
      if (period === "day" || period === "week" || period === "month") {
        found.push({ at: i, text: `${word}/${period}` });
        i += 3;
        continue;
      }
    }
    // "every 8 hours", "q 8 h"
    if ((word === "every" || word === "q") && isNumber(folded[i + 1] ?? "")) {
      const period = folded[i + 2];
      if (period === "hours" || period === "hour" || period === "h" || period === "hrs") {
        found.push({ at: i, text: `q${folded[i + 1]}h` });
        i += 2;
        continue;
      }
    }
    const match = longestPhrase(folded, i);
    if (match) {
      found.push({ at: i, text: match.canonical });
      i += match.length - 1;
    }
  }
  return found;
}

function longestPhrase(
  words: readonly string[],
  at: number,
): { canonical: string; length: number } | undefined {
  let best: { canonical: string; length: number } | undefined;
  for (const [phrase, canonical] of PHRASES_BY_FIRST_WORD.get(words[at]!) ?? []) {
    if (best && phrase.length <= best.length) continue;
    if (phrase.every((word, offset) => words[at + offset] === word))
      best = { canonical, length: phrase.length };
  }
  return best;
}
