import { createEmbeddedProvider, EMBEDDED_MODEL } from "../../../app/summarize/embedded/index";
import type { SummaryProvider } from "../../../app/summarize/types";
import type { PromptFile } from "../../../app/prompts/prompt-file";
import { copyProvider, lead3Provider } from "./baselines";

export const EVAL_PROVIDERS = ["embedded", "openai", "lead-3", "copy"] as const;
export type EvalProviderName = (typeof EVAL_PROVIDERS)[number];

export interface EvalProvider {
  provider: SummaryProvider;
  /** The model name recorded for a run of this prompt. */
  modelFor(prompt: PromptFile): string;
}

export class ProviderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderConfigError";
  }
}

/**
 * The same provider code the app ships, configured from OPENAI_* like the app. The OpenAI SDK is
 * loaded only when a run uses it.
 */
export async function createEvalProvider(
  name: EvalProviderName,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EvalProvider> {
  switch (name) {
    case "embedded":
      return { provider: createEmbeddedProvider(), modelFor: () => EMBEDDED_MODEL };
    case "lead-3":
      return { provider: lead3Provider, modelFor: () => "lead-3" };
    case "copy":
      return { provider: copyProvider, modelFor: () => "copy" };
    case "openai": {
      if (!env.OPENAI_API_KEY) throw new ProviderConfigError("--provider openai needs OPENAI_API_KEY.");
      const { createOpenAIProvider } = await import("../../../app/summarize/openai.server");
      const provider = createOpenAIProvider({
        apiKey: env.OPENAI_API_KEY,
        baseURL: env.OPENAI_BASE_URL || undefined,
      });
      return { provider, modelFor: (prompt) => env.OPENAI_MODEL || prompt.model };
    }
  }
}
