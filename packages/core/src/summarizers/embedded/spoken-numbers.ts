// Spoken numbers to clinical notation, only where the sentence says them: "one hundred milligrams
// twice a day" → "100 mg twice daily", "one twenty two over seventy" → "122/70", "three out of six"
// → "3/6", "ninety eight point six" → "98.6". A number-word run becomes digits only next to what
// makes it a measurement (a unit, "over", "out of", "point"); "one of the" stays as it is. The
// values are read the way the fact check reads them (facts/numbers.ts), so every number written
// is one the check finds said; note-register.ts also checks that before it keeps a rewrite.
// Word-level, one pass over the tokens, no regular expressions.

import { isTensWord, numberWordValue, readNumberWords } from "../../text/content-tokens";
import type { Token } from "./tokens";

/** Units written in clinical notation; the others keep their word ("weeks", "degrees"). */
const UNIT_NOTATION: ReadonlyMap<string, string> = new Map([
  ["milligram", "mg"],
  ["milligrams", "mg"],
  ["mg", "mg"],
  ["microgram", "mcg"],
  ["micrograms", "mcg"],
  ["mcg", "mcg"],
  ["milliliter", "mL"],
  ["milliliters", "mL"],
  ["ml", "mL"],
  ["percent", "%"],
]);
/** Words after a number that make it a measurement written in digits. */
// prettier-ignore
const MEASURE_WORDS = new Set([
  "units", "unit", "grams", "gram", "kilograms", "kg", "pounds", "lbs", "degrees", "beats", "breaths",
  "minutes", "hours", "days", "weeks", "months", "years", "year", "times", "cc", "mmhg", "puffs", "tablets",
  "pills", "packs", "drinks", "cigarettes", "liters", "centimeters", "cm", "millimeters", "mm", "inches",
  "feet", "miles", "hour", "day", "week", "month", "minute",
]);

const isDigits = (word: string) => word.length > 0 && [...word].every((c) => c >= "0" && c <= "9");

interface NumberRun {
  value: number;
  /** Tokens it spans. */
  length: number;
}

/**
 * The number said by the words at `at`: "one hundred and five", "seventy six", "twelve", digits,
 * and (when `spokenHundreds`) a reading said in pairs, "one twenty two" → 122, "one oh five" → 105.
 */
function readNumber(tokens: readonly Token[], at: number, spokenHundreds: boolean): NumberRun | undefined {
  const word = (i: number) => tokens[i]?.bare ?? "";
  // Punctuation between words ends a run: "two, three" is two numbers.
  const joined = (i: number) =>
    i === at || (i < tokens.length && tokens[i - 1]!.post === "" && tokens[i]!.pre === "");
  if (isDigits(word(at))) return { value: Number(word(at)), length: 1 };
  const first = numberWordValue(word(at));
  if (first === undefined && word(at) !== "hundred") return undefined;
  if (spokenHundreds && first !== undefined && first >= 1 && first <= 9 && joined(at + 1)) {
    const next = word(at + 1);
    const unit = numberWordValue(word(at + 2));
    if (isTensWord(next)) {
      const tens = numberWordValue(next)!;
      const withUnit = unit !== undefined && unit > 0 && unit < 10 && joined(at + 2);
      return { value: first * 100 + tens + (withUnit ? unit : 0), length: withUnit ? 3 : 2 };
    }
    if (next === "oh" && unit !== undefined && unit > 0 && unit < 10 && joined(at + 2))
      return { value: first * 100 + unit, length: 3 };
  }
  // The fact check's own reading of spelled-out numbers, over tokens.
  return readNumberWords((i) => (joined(i) ? word(i) : undefined), at);
}

// prettier-ignore
const VITAL_SIGNS = new Set(["rate", "pulse", "respirations", "temperature", "saturation", "sats", "oxygen", "weight", "bmi", "pressure"]);
const VITAL_VERBS = new Set(["is", "was", "were", "are", "of", "at"]);

/** "heart rate was", "respirations were", "pulse of": the number after it is a vital sign's value. */
function followsVitalSign(tokens: readonly Token[], at: number): boolean {
  const verb = tokens[at - 1];
  const sign = tokens[at - 2];
  return (
    verb !== undefined &&
    sign !== undefined &&
    VITAL_VERBS.has(verb.bare) &&
    sign.post === "" &&
    VITAL_SIGNS.has(sign.bare)
  );
}

function digitToken(source: Token, last: Token, text: string): Token {
  return { pre: source.pre, core: text, bare: text.toLowerCase(), post: last.post };
}

/** Rewrites spoken numbers in a sentence's tokens as clinical notation (see the file's comment). */
export function clinicalNumbers(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const spoken =
      !isDigits(token.bare) && (numberWordValue(token.bare) !== undefined || token.bare === "hundred");
    const run = spoken || isDigits(token.bare) ? readNumber(tokens, i, false) : undefined;
    if (!run) {
      out.push(token);
      i++;
      continue;
    }
    const after = i + run.length;
    const next = tokens[after]?.bare ?? "";
    const joinedAfter = tokens[after - 1]!.post === "";
    // "one twenty two over seventy", "three out of six": a reading, in pairs where said so.
    const pairFirst = readNumber(tokens, i, true)!;
    const pairAfter = i + pairFirst.length;
    const pairWord = tokens[pairAfter]?.bare;
    const slash =
      tokens[pairAfter - 1]!.post === "" && pairWord === "over"
        ? 1
        : pairWord === "out" && tokens[pairAfter + 1]?.bare === "of"
          ? 2
          : 0;
    if (slash > 0) {
      const second = readNumber(tokens, pairAfter + slash, true);
      if (second) {
        const end = pairAfter + slash + second.length - 1;
        out.push(digitToken(token, tokens[end]!, `${pairFirst.value}/${second.value}`));
        i = end + 1;
        continue;
      }
    }
    // "ninety eight point six"
    if (next === "point" && joinedAfter && tokens[after]!.post === "") {
      const fraction = tokens[after + 1];
      const digit = fraction ? numberWordValue(fraction.bare) : undefined;
      if (fraction && (isDigits(fraction.bare) || (digit !== undefined && digit < 10))) {
        out.push(
          digitToken(token, fraction, `${run.value}.${isDigits(fraction.bare) ? fraction.bare : digit}`),
        );
        i = after + 2;
        continue;
      }
    }
    const unit = UNIT_NOTATION.get(next);
    if (!spoken && !unit) {
      out.push(token);
      i++;
      continue;
    }
    if (joinedAfter && unit) {
      const unitToken = tokens[after]!;
      if (unit === "%") out.push(digitToken(token, unitToken, `${run.value}%`));
      else {
        out.push({ ...digitToken(token, tokens[after - 1]!, String(run.value)), post: "" });
        out.push({ pre: "", core: unit, bare: unit.toLowerCase(), post: unitToken.post });
      }
      i = after + 1;
      continue;
    }
    // "the heart rate was fifty eight.", "respirations were fourteen": a vital sign's value.
    const measured = (joinedAfter && MEASURE_WORDS.has(next)) || (run.length > 1 && run.value >= 20);
    const valueEnds = !joinedAfter || next === "" || next === "and";
    if (measured || (valueEnds && followsVitalSign(tokens, i))) {
      out.push(digitToken(token, tokens[after - 1]!, String(run.value)));
      i = after;
      continue;
    }
    out.push(...tokens.slice(i, after));
    i = after;
  }
  return out;
}
