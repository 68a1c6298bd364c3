import { eventStream } from "remix-utils/sse/server";

import { getConfig } from "../config/env.server";
import type { Consultation, Summary } from "../db/schema.server";
import { databaseProblem } from "../db/store.server";
import { claimPendingSummary, createSummary, getSummary } from "../models/summary.server";
import type { PromptFile } from "../prompts/prompt-file";
import { renderPromptMessages } from "../prompts/prompt-file";
import { getGenerations, getPromptCatalog, getRemoteGenerations } from "../services.server";
import {
  databaseProblemEvent,
  metaFromSummary,
  terminalFromSummary,
} from "../streaming/summary-row-events.server";
import type { SummaryEvent } from "../streaming/summary-events";
import { resolveModel } from "../summarize/provider-registry.server";

export class UnknownPromptVersionError extends Error {
  constructor(version: string, known: string[]) {
    super(`Unknown prompt version "${version}". Known versions: ${known.join(", ")}.`);
    this.name = "UnknownPromptVersionError";
  }
}

/** The named prompt version, or the deployed one; throws UnknownPromptVersionError. */
export function resolvePrompt(version: string | undefined): PromptFile {
  const catalog = getPromptCatalog();
  if (!version) return catalog.deployed;
  const prompt = catalog.get(version);
  if (!prompt) throw new UnknownPromptVersionError(version, catalog.versions());
  return prompt;
}

/** Records a new summary of the consultation with the prompt version, provider and model it will use. */
export async function createSummaryFor(
  consultation: Consultation,
  options: { prompt?: PromptFile; status?: "pending" | "streaming" } = {},
): Promise<Summary> {
  const config = getConfig();
  const prompt = options.prompt ?? getPromptCatalog().deployed;
  return createSummary(
    consultation.id,
    {
      promptId: prompt.id,
      promptVersion: prompt.version,
      promptHash: prompt.hash,
      provider: config.summaryProvider,
      model: resolveModel(config, prompt),
    },
    options.status,
  );
}

/** Starts generating a summary that is `streaming` in the database but not yet running. */
export function startGeneration(summary: Summary, consultation: Consultation): void {
  const prompt = resolvePrompt(summary.promptVersion);
  getGenerations().start(summary, {
    notes: consultation.notes,
    sections: prompt.sections,
    messages: renderPromptMessages(prompt, consultation.notes),
    model: summary.model,
    temperature: prompt.temperature,
    maxOutputTokens: prompt.maxOutputTokens,
  });
}

/** The first viewer of a pending summary starts it; everyone else attaches or replays. */
export async function startIfPending(summary: Summary, consultation: Consultation): Promise<void> {
  if (summary.status === "pending" && (await claimPendingSummary(summary.id))) {
    startGeneration({ ...summary, status: "streaming" }, consultation);
  }
}

/**
 * The summary as server-sent events: `meta`, then the text so far and live `delta`s while it is
 * generating (here or, with PostgreSQL, on another instance), or the stored text when it has
 * finished; `done` or `error` last.
 */
export function summaryEventStream(signal: AbortSignal, summary: Summary): Response {
  const response = eventStream(signal, (send, close) => {
    const sendEvent = ({ event, data }: SummaryEvent) => send({ event, data: JSON.stringify(data) });
    // eventStream calls our cleanup from close(), which does not exist until this function returns.
    const closeSoon = () => queueMicrotask(close);
    const forward = (event: Exclude<SummaryEvent, { event: "meta" }>) => {
      sendEvent(event);
      if (event.event !== "delta") closeSoon();
    };
    sendEvent({ event: "meta", data: metaFromSummary(summary) });

    let detach = getGenerations().attach(summary.id, forward);
    if (!detach) {
      void followStored(summary, forward).then((stop) => {
        if (signal.aborted) stop?.();
        else detach = stop;
      });
    }
    return () => detach?.();
  });
  // Summaries are protected health information: no cache anywhere may keep them.
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("X-Accel-Buffering", "no");
  return response;
}

/** Not running here: watch it on the instance writing it, or replay what is stored. */
async function followStored(
  summary: Summary,
  forward: (event: Exclude<SummaryEvent, { event: "meta" }>) => void,
): Promise<(() => void) | undefined> {
  let stored: Summary;
  try {
    stored = (await getSummary(summary.id)) ?? summary;
  } catch (error) {
    forward(failureEvent(error));
    return undefined;
  }
  const remote = getRemoteGenerations();
  if (stored.status === "streaming" && remote) return remote.watch(summary.id, forward);
  if (stored.text) forward({ event: "delta", data: { text: stored.text } });
  forward(terminalFromSummary(stored));
  return undefined;
}

function failureEvent(error: unknown): Extract<SummaryEvent, { event: "error" }> {
  const problem = databaseProblem(error);
  if (problem) return databaseProblemEvent(problem);
  return {
    event: "error",
    data: { code: "internal_error", message: "The summary could not be read. Try again.", retryable: true },
  };
}
