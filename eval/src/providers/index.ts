import { resolveModel, type WriterSettings } from "@consult-summary/core/summarizers";
import { createNoteWriter, type NoteWriter } from "@consult-summary/core/note-formats";
import type { PromptFile } from "@consult-summary/core/prompts";
import { copyProvider, lead3Provider } from "./baselines";

export const EVAL_PROVIDERS = ["embedded", "openai", "lead-3", "copy"] as const;
export type EvalProviderName = (typeof EVAL_PROVIDERS)[number];

export interface EvalProvider {
  /** Writes each prompt's format (the embedded writer: a note, a letter or an after-visit summary). */
  provider: NoteWriter;
  /** The model name recorded for a run of this prompt. */
  modelFor(prompt: PromptFile): string;
}

export class ProviderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderConfigError";
  }
}

/** A whole number of milliseconds from the environment, or the writer's default when unset. */
function milliseconds(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (!value) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new ProviderConfigError(`${name} must be a whole number of milliseconds, not "${value}".`);
  }
  return parsed;
}

/** The app's writers through the same registry, configured from the same OPENAI_* variables. */
function writerSettings(name: "embedded" | "openai", env: NodeJS.ProcessEnv): WriterSettings {
  if (name === "embedded") return { provider: "embedded" };
  if (!env.OPENAI_API_KEY) throw new ProviderConfigError("--provider openai needs OPENAI_API_KEY.");
  return {
    provider: "openai",
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL || undefined,
      model: env.OPENAI_MODEL || undefined,
      timeoutMs: milliseconds(env, "OPENAI_TIMEOUT_MS"),
      totalTimeoutMs: milliseconds(env, "UPSTREAM_TOTAL_TIMEOUT_MS"),
    },
  };
}

export function createEvalProvider(
  name: EvalProviderName,
  env: NodeJS.ProcessEnv = process.env,
): EvalProvider {
  if (name === "lead-3") return { provider: lead3Provider, modelFor: () => "lead-3" };
  if (name === "copy") return { provider: copyProvider, modelFor: () => "copy" };
  const settings = writerSettings(name, env);
  return { provider: createNoteWriter(settings), modelFor: (prompt) => resolveModel(settings, prompt) };
}
