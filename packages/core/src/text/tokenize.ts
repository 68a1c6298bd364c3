// The tokenizer of Google's `rouge-score` package (rouge/tokenize.py, used by DefaultTokenizer):
//
//   text = text.lower()
//   text = re.sub(r"[^a-z0-9]+", " ", text)         # every other character is a separator
//   tokens = re.split(r"\s+", text)
//   tokens = [stemmer.stem(x) if len(x) > 3 else x for x in tokens]   # when use_stemmer
//   tokens = [x for x in tokens if re.match(r"^[a-z0-9]+$", x)]
//
// So "Hello, WORLD!" → ["hello", "world"], "76-year-old" → ["76", "year", "old"], and non-ASCII
// letters split words ("café" → ["caf"]). JS `toLowerCase` and Python `str.lower` use the same
// Unicode case mappings, including the two non-ASCII characters that lower-case into ASCII letters
// (U+0130 "İ" → "i̇", U+212A KELVIN SIGN → "k").

import { stem as porterStem } from "./porter-stemmer";

export interface TokenizeOptions {
  /** Porter-stem tokens longer than 3 characters (rouge-score's `use_stemmer=True`). */
  stem: boolean;
}

const SEPARATORS = /[^a-z0-9]+/;
const VALID_TOKEN = /^[a-z0-9]+$/;

export function tokenize(text: string, options: TokenizeOptions = { stem: true }): string[] {
  const parts = text.toLowerCase().split(SEPARATORS);
  const tokens: string[] = [];
  for (const part of parts) {
    if (part.length === 0) continue;
    const token = options.stem && part.length > 3 ? porterStem(part) : part;
    // The stemmer only ever returns [a-z0-9]+ for such input; the check mirrors rouge-score's.
    if (token.length > 0 && (token === part || VALID_TOKEN.test(token))) tokens.push(token);
  }
  return tokens;
}

export { porterStem as stem };
