// The OpenAI-compatible summary provider (OpenAI, vLLM, Ollama, llama.cpp, LM Studio…): one
// deadline per summary around the retried call (retry.ts), errors mapped in error-mapping.ts.

import OpenAI from "openai";

import { SummaryError, type SummaryChunk, type SummaryProvider, type SummaryRequest } from "../types";
import { toSummaryError } from "./error-mapping";
import { openWithRetries } from "./retry";
import {
  requestTimeoutMs,
  resolveSettings,
  seconds,
  type OpenAIProviderOptions,
  type Settings,
} from "./settings";
import type { UpstreamAttempt } from "./upstream-attempt";

export type { OpenAIProviderOptions };

export function createOpenAIProvider(options: OpenAIProviderOptions): SummaryProvider {
  if (!options.apiKey) {
    throw new SummaryError("upstream_auth", "No API key is configured for the AI service (OPENAI_API_KEY).", {
      retryable: false,
    });
  }
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: requestTimeoutMs(options),
    // Pinned so that OPENAI_LOG=debug cannot dump consultation text into the server log.
    logLevel: "warn",
    // A redirect is refused, not followed: a 307 or 308 would send the consultation on to another
    // address. (Following also costs undici a copy of every request body, kept in case it must be
    // sent again.)
    fetchOptions: { redirect: "error" },
  });
  const settings = resolveSettings(options, client.baseURL);
  return {
    id: "openai",
    stream: (request) => streamSummary(client, settings, request),
  };
}

/**
 * The whole summary under one deadline: when it passes, the call is aborted like a cancel but
 * reported as a timeout, so the caller keeps the partial text and can say what happened.
 * One generator layer per summary: each token passes through it and nothing else of ours.
 */
async function* streamSummary(
  client: OpenAI,
  settings: Settings,
  caller: SummaryRequest,
): AsyncGenerator<SummaryChunk> {
  // A plain controller rather than AbortSignal.any: `.aborted` is read for every chunk, and on a
  // composite signal that read walks its sources each time.
  const controller = new AbortController();
  let pastDeadline = false;
  const abort = () => controller.abort(caller.signal.reason);
  caller.signal.addEventListener("abort", abort, { once: true });
  if (caller.signal.aborted) abort();
  const deadline = setTimeout(() => {
    pastDeadline = true;
    controller.abort(new Error("total time cap"));
  }, settings.totalTimeoutMs);
  const request = { ...caller, signal: controller.signal };
  let attempt: UpstreamAttempt | undefined;
  try {
    const opened = await openWithRetries(client, settings, request);
    attempt = opened.attempt;
    for (let piece = opened.first; ; piece = await attempt.read()) {
      if (piece.text) yield { type: "delta", text: piece.text };
      if (piece.ended) break;
    }
    const usage = attempt.usage();
    if (usage) yield usage;
  } catch (error) {
    if (pastDeadline && !caller.signal.aborted) {
      throw new SummaryError(
        "upstream_timeout",
        `The AI service took longer than ${seconds(settings.totalTimeoutMs)} for this summary; the text so far is kept.`,
      );
    }
    throw toSummaryError(error, settings, request);
  } finally {
    attempt?.close();
    clearTimeout(deadline);
    caller.signal.removeEventListener("abort", abort);
  }
}
