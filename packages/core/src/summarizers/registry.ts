// The one place that turns settings into a summary writer, for the app and the eval alike.
import type { PromptFile } from "../prompts/prompt-file";
import { createEmbeddedProvider, EMBEDDED_MODEL, type EmbeddedWork } from "./embedded/index";
import type { SummaryProvider } from "./types";

export interface OpenAISettings {
  apiKey: string;
  baseURL?: string;
  /** Overrides the model the prompt file names. */
  model?: string;
  /** How long to wait for the model to start answering, and between streamed chunks. */
  timeoutMs?: number;
  /** The longest a whole summary may take, retries included. */
  totalTimeoutMs?: number;
}

export type WriterSettings =
  { provider: "embedded"; embeddedWork?: EmbeddedWork } | { provider: "openai"; openai: OpenAISettings };

/**
 * The configured writer. The OpenAI SDK is loaded on the first summary that needs it, so a run of
 * the embedded writer never pays for it.
 */
export function createSummaryProvider(settings: WriterSettings): SummaryProvider {
  if (settings.provider === "embedded") return createEmbeddedProvider(settings.embeddedWork);
  const { openai } = settings;
  let loaded: Promise<SummaryProvider> | undefined;
  const load = () =>
    (loaded ??= import("./openai/provider").then(({ createOpenAIProvider }) =>
      createOpenAIProvider({
        apiKey: openai.apiKey,
        baseURL: openai.baseURL,
        requestTimeoutMs: openai.timeoutMs,
        idleTimeoutMs: openai.timeoutMs,
        totalTimeoutMs: openai.totalTimeoutMs,
      }),
    ));
  return {
    id: "openai",
    async *stream(request) {
      yield* (await load()).stream(request);
    },
  };
}

/** The model a summary is written with: a configured model overrides the prompt file's choice. */
export function resolveModel(settings: WriterSettings, prompt: PromptFile): string {
  if (settings.provider === "embedded") return EMBEDDED_MODEL;
  return settings.openai.model || prompt.model;
}
