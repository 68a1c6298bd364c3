import { countTokens } from "gpt-tokenizer";

import type { ChatMessage, TokenUsage } from "./types";

/** Counts tokens locally (o200k_base) for providers that report no usage. */
export function estimateUsage(messages: ChatMessage[], output: string): TokenUsage {
  const inputTokens = messages.reduce((total, message) => total + countTokens(message.content), 0);
  return { inputTokens, outputTokens: countTokens(output), estimated: true };
}
