import type { AppConfig } from "../config/env.server";
import type { PromptFile } from "../prompts/prompt-file";
import { createEmbeddedProvider, EMBEDDED_MODEL, type EmbeddedWork } from "./embedded/index";
import { createOpenAIProvider } from "./openai.server";
import type { SummaryProvider } from "./types";

/** The configured provider; the embedded one does its CPU-bound work where `embeddedWork` says. */
export function createSummaryProvider(config: AppConfig, embeddedWork?: EmbeddedWork): SummaryProvider {
  if (config.summaryProvider === "embedded") return createEmbeddedProvider(embeddedWork);
  return createOpenAIProvider({
    apiKey: config.openai.apiKey!,
    baseURL: config.openai.baseURL,
    requestTimeoutMs: config.openai.timeoutMs,
    idleTimeoutMs: config.openai.timeoutMs,
    totalTimeoutMs: config.upstreamTotalTimeoutMs,
  });
}

/** The model a summary is generated with: OPENAI_MODEL overrides the prompt file's choice. */
export function resolveModel(config: AppConfig, prompt: PromptFile): string {
  if (config.summaryProvider === "embedded") return EMBEDDED_MODEL;
  return config.openai.model ?? prompt.model;
}
