import { z } from "zod";

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

export type ModelPrices = Readonly<Record<string, ModelPrice>>;

// Public list prices (USD per 1M tokens) at the time of writing; override with MODEL_PRICES.
export const DEFAULT_MODEL_PRICES: ModelPrices = {
  "embedded-note-writer": { input: 0, output: 0 },
  // The embedded writer's name before issue #16: summaries stored under it still cost nothing.
  "embedded-extractive": { input: 0, output: 0 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
};

const priceTableSchema = z.record(
  z.string().min(1),
  z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).strict(),
);

/** Merges a JSON price table over the defaults; throws with a readable reason when malformed. */
export function parseModelPrices(json: string | undefined): ModelPrices {
  if (!json) return DEFAULT_MODEL_PRICES;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error("is not valid JSON");
  }
  const parsed = priceTableSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`has a bad entry at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return { ...DEFAULT_MODEL_PRICES, ...parsed.data };
}

/** Cost in USD, or null when the model has no known price (unknown is not free). */
export function computeCostUsd(
  prices: ModelPrices,
  model: string,
  usage: { inputTokens: number; outputTokens: number },
): number | null {
  const price = prices[model];
  if (!price) return null;
  const cost = (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
  return Math.round(cost * 1e9) / 1e9;
}
