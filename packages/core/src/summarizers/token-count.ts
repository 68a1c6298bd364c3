import type { ChatMessage, TokenUsage } from "./types";

type Encoding = "o200k_base" | "cl100k_base";

// OpenAI's current model families use o200k_base. Models whose tokenizer we do not know (local
// models, the embedded summarizer) are counted with cl100k_base: an estimate either way, and
// labelled as one.
const O200K_MODELS = /^(?:gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o)/;

export function encodingForModel(model: string): Encoding {
  return O200K_MODELS.test(model) ? "o200k_base" : "cl100k_base";
}

type Counter = (text: string) => number;
type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;
const counters = new Map<Encoding, Promise<Counter>>();

/**
 * The tokenizer's byte-pair merge costs the square of a pre-token's length, and a run without
 * spaces (or a run of spaces) is one pre-token: 100,000 such characters took seconds. So text is
 * counted in pieces of at most MAX_PIECE characters, cut just before a space followed by a
 * non-space character wherever there is one. The tokenizer's pre-tokenizer always splits there too
 * (" word" starts a pre-token, and a run of whitespace before it ends one character earlier), so
 * ordinary text counts exactly as it would whole; only a run longer than MAX_PIECE without such a
 * space is cut inside (never inside a surrogate pair), which can shift
 * its count by a token per cut.
 */
const MAX_PIECE = 64;

function isSpaceBeforeWord(text: string, i: number): boolean {
  return text[i] === " " && /\S/.test(text[i + 1] ?? " ");
}

/** The pieces the estimate counts one by one (see MAX_PIECE); they join back to `text`. */
export function countingPieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > MAX_PIECE) {
    let cut = start + MAX_PIECE;
    while (cut > start && !isSpaceBeforeWord(text, cut)) cut--;
    if (cut === start) {
      cut = start + MAX_PIECE;
      if (/[\uDC00-\uDFFF]/.test(text[cut]!) && /[\uD800-\uDBFF]/.test(text[cut - 1]!)) cut--;
    }
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * Counts in bounded pieces (see MAX_PIECE), and counts special-token text such as "<|endoftext|>"
 * as the ordinary text it is in a consultation, where the tokenizer would otherwise throw.
 */
function piecewise(countTokens: CountTokens): Counter {
  const options = { disallowedSpecial: new Set<string>() };
  return (text) => {
    let total = 0;
    for (const piece of countingPieces(text)) total += countTokens(piece, options);
    return total;
  };
}

// Each encoding's rank table is tens of megabytes: load one only when a count needs it.
function loadCounter(encoding: Encoding): Promise<Counter> {
  let counter = counters.get(encoding);
  if (!counter) {
    counter = (
      encoding === "o200k_base"
        ? import("gpt-tokenizer/encoding/o200k_base")
        : import("gpt-tokenizer/encoding/cl100k_base")
    ).then((module) => piecewise(module.countTokens));
    counters.set(encoding, counter);
  }
  return counter;
}

// The system message is the same for every summary of a prompt version; counting it once per
// distinct text saves most of the tokenizer's work in a batch run.
const systemMessageCounts = new Map<string, number>();
const MAX_REMEMBERED = 64;

function countMessage(count: Counter, encoding: Encoding, message: ChatMessage): number {
  if (message.role !== "system") return count(message.content);
  const key = `${encoding}\u0000${message.content}`;
  let tokens = systemMessageCounts.get(key);
  if (tokens === undefined) {
    tokens = count(message.content);
    if (systemMessageCounts.size >= MAX_REMEMBERED) systemMessageCounts.clear();
    systemMessageCounts.set(key, tokens);
  }
  return tokens;
}

/** Counts tokens locally, with the model's tokenizer where known, for providers that report no usage. */
export async function estimateUsage(
  model: string,
  messages: ChatMessage[],
  output: string,
): Promise<TokenUsage> {
  const encoding = encodingForModel(model);
  const count = await loadCounter(encoding);
  const inputTokens = messages.reduce((total, message) => total + countMessage(count, encoding, message), 0);
  return { inputTokens, outputTokens: count(output), estimated: true };
}
