import { randomUUID } from "node:crypto";

import { actorOf, type CurrentUser } from "../auth/auth.server";
import { writerSettings, type AppConfig } from "../config/env.server";
import type { Consultation, Summary } from "../db/schema.server";
import type { EhrIds } from "../consultations/ehr-ids";
import { databaseProblem } from "../db/store.server";
import { recordAudit } from "../models/audit.server";
import { createConsultation } from "../models/consultation.server";
import { claimPendingSummary, createSummary, getSummary, type SummaryOrigin } from "../models/summary.server";
import type { PromptFile } from "@consult-summary/core/prompts";
import type { NoteTypeCatalogs } from "./prompt-choice.server";
import { renderPromptMessages } from "@consult-summary/core/prompts";
import type { Services } from "../services.server";
import type { GenerationSubject } from "./generation-manager.server";
import { databaseProblemEvent, metaFromSummary, terminalFromSummary } from "./summary-row-events.server";
import type { SummaryEvent } from "./summary-events";
import { eventStream } from "../utils/event-stream.server";
import { resolveModel } from "@consult-summary/core/summarizers";

class UnknownPromptVersionError extends Error {
  constructor(promptId: string, version: string, known: string[]) {
    super(`Unknown prompt version "${promptId}" ${version}. Known versions: ${known.join(", ")}.`);
    this.name = "UnknownPromptVersionError";
  }
}

/** The prompt id and version a stored summary names; throws UnknownPromptVersionError. */
function resolvePrompt(catalogs: NoteTypeCatalogs, promptId: string, version: string): PromptFile {
  const catalog = catalogs.get(promptId);
  const prompt = catalog?.get(version);
  if (!prompt) throw new UnknownPromptVersionError(promptId, version, catalog?.versions() ?? []);
  return prompt;
}

/** The prompt version, provider and model a new summary records. */
function summaryOrigin(config: AppConfig, prompt: PromptFile): SummaryOrigin {
  return {
    promptId: prompt.id,
    promptVersion: prompt.version,
    promptHash: prompt.hash,
    provider: config.summaryProvider,
    model: resolveModel(writerSettings(config), prompt),
  };
}

/**
 * Records a new summary of the consultation with the prompt version, provider and model it will
 * use: the given prompt (chosen by prompt-choice.server.ts), else the clinical note's deployed one.
 */
export async function createSummaryFor(
  services: Services,
  consultation: Consultation,
  options: { prompt?: PromptFile; status?: "pending" | "streaming" } = {},
): Promise<Summary> {
  return createSummary(
    services.store,
    consultation.id,
    summaryOrigin(services.config, options.prompt ?? services.prompts.deployed),
    options.status,
  );
}

/** Starts generating a summary that is `streaming` in the database (or will be once `stored` settles). */
export function startGeneration(
  services: Services,
  summary: GenerationSubject & Pick<Summary, "promptId">,
  notes: string,
  stored?: Promise<unknown>,
): void {
  const prompt = resolvePrompt(services.noteTypeCatalogs, summary.promptId, summary.promptVersion);
  services.generations.start(
    summary,
    {
      notes,
      sections: prompt.sections,
      messages: renderPromptMessages(prompt, notes),
      model: summary.model,
      temperature: prompt.temperature,
      maxOutputTokens: prompt.maxOutputTokens,
      format: prompt.format,
    },
    stored,
  );
}

/**
 * Stores a new consultation (and its audit entry) with a `streaming` summary, and generates it.
 * The model is asked first and the rows are written once its request has left, so the
 * clinician's wait for the first words does not include our inserts (the model needs far longer
 * than they do to send its first token). When the rows cannot be written this rejects, and the
 * generation stops without writing anything.
 */
export async function summarizeNewConsultation(
  services: Services,
  {
    user,
    notes,
    prompt,
    ehrIds,
  }: {
    user: CurrentUser;
    notes: string;
    prompt: PromptFile;
    /** Checked by the caller (ehr-ids.ts). */
    ehrIds?: EhrIds;
  },
): Promise<Summary> {
  const consultationId = randomUUID();
  const summaryId = randomUUID();
  const origin = summaryOrigin(services.config, prompt);
  const stored = afterRequestsLeave().then(async () => {
    await createConsultation(services.store, {
      id: consultationId,
      ownerId: user.id,
      notes,
      ...ehrIds,
    });
    await recordAudit(services.store, {
      ...actorOf(user),
      action: "create",
      outcome: "allowed",
      consultationId,
    });
    return createSummary(services.store, consultationId, origin, "streaming", summaryId);
  });
  startGeneration(services, { id: summaryId, ...origin }, notes, stored);
  return stored;
}

/**
 * Resolves after HTTP requests started now have been written. Node's fetch (undici) writes a
 * request on a reused keep-alive connection from a setImmediate callback, after letting the
 * event loop read anything pending on that idle socket; an immediate scheduled from an immediate
 * runs on the following turn, after it, whichever phase of the loop we are called from.
 */
function afterRequestsLeave(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** The first viewer of a pending summary starts it; everyone else attaches or replays. */
export async function startIfPending(
  services: Services,
  summary: Summary,
  consultation: Consultation,
): Promise<void> {
  if (summary.status === "pending" && (await claimPendingSummary(services.store, summary.id))) {
    startGeneration(services, summary, consultation.notes);
  }
}

/**
 * The summary as server-sent events: `meta`, then the text so far and live `delta`s while it is
 * generating (here or, with PostgreSQL, on another instance), or the stored text when it has
 * finished; `done` or `error` last. `onClose` runs once the stream has ended, however it ended.
 */
export function summaryEventStream(
  services: Services,
  signal: AbortSignal,
  summary: Summary,
  onClose?: () => void,
): Response {
  const response = eventStream(signal, services.config.sseHeartbeatMs, (send, close) => {
    const sendEvent = ({ event, data }: SummaryEvent) => send({ event, data: JSON.stringify(data) });
    // eventStream calls our cleanup from close(), which does not exist until this function returns.
    const closeSoon = () => queueMicrotask(close);
    // Once the client has gone (or the last event was sent) nothing more may be written: reading
    // the stored summary is asynchronous, and the client can leave while it is being read.
    let ended = false;
    const forward = (event: Exclude<SummaryEvent, { event: "meta" }>) => {
      if (ended || signal.aborted) return;
      sendEvent(event);
      if (event.event !== "delta") {
        ended = true;
        closeSoon();
      }
    };
    sendEvent({ event: "meta", data: metaFromSummary(summary) });

    let detach = services.generations.attach(summary.id, forward);
    if (!detach) {
      void followStored(services, summary, forward).then((stop) => {
        if (signal.aborted) stop?.();
        else detach = stop;
      });
    }
    return () => {
      ended = true;
      detach?.();
      onClose?.();
    };
  });
  // Summaries are protected health information: no cache anywhere may keep them.
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("X-Accel-Buffering", "no");
  return response;
}

/** Not running here: watch it on the instance writing it, or replay what is stored. */
async function followStored(
  services: Services,
  summary: Summary,
  forward: (event: Exclude<SummaryEvent, { event: "meta" }>) => void,
): Promise<(() => void) | undefined> {
  let stored: Summary;
  try {
    stored = (await getSummary(services.store, summary.id)) ?? summary;
  } catch (error) {
    forward(failureEvent(error));
    return undefined;
  }
  const remote = services.remoteGenerations;
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
