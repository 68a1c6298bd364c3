import { pathToFileURL } from "node:url";

import { ConfigError, noteWriterSettings, parseConfig, type AppConfig } from "./config/env.server";
import { openStore, type Store } from "./db/store.server";
import { assertStoredTextReadable } from "./models/consultation.server";
import { markInterruptedSummaries } from "./models/summary.server";
import {
  createMetrics,
  metricsText as servedMetrics,
  recordHttpRequest as recordHttpDuration,
  recordSummaryFinished,
  recordTextTask,
  startProcessMetrics,
  type Metrics,
  type SummaryFinished,
} from "./observability/metrics.server";
import { createEmfWriter, type EmfWriter } from "./observability/emf.server";
import { EventLoopWatch } from "./observability/event-loop.server";
import type { Lifecycle } from "./observability/readiness.server";
import { RequestUsers } from "./observability/request-user.server";
import { createCsrf } from "./auth/csrf.server";
import { localSessionSecret } from "./auth/local-session-secret.server";
import { EvalStore } from "./review/eval-store.server";
import { FhirPushClient } from "./fhir/fhir-push.server";
import type { CSRF } from "remix-utils/csrf/server";
import { FieldEncryptionError } from "./security/field-encryption.server";
import { createRateLimiter, type RateLimiter } from "./security/rate-limit.server";
import { startRetentionSchedule } from "./security/retention.server";
import {
  loadPromptCatalogs,
  requireDeployed,
  SUMMARY_PROMPT_ID,
  type DeployedPromptCatalog,
  type PromptCatalog,
} from "@consult-summary/core/prompts";
import { createNoteWriter } from "@consult-summary/core/note-formats";
import { GenerationManager } from "./summaries/generation-manager.server";
import { HEARTBEAT_SILENCE_MS, RemoteGenerations } from "./summaries/remote-generations.server";
import { NOTE_TYPES } from "./summaries/note-types";
import type { NoteTypeCatalogs } from "./summaries/prompt-choice.server";
import { log } from "./utils/logger.server";
import { projectPath } from "@consult-summary/core/project-paths";
import { TextPool } from "./workers/text-pool.server";
import { SourceChecks } from "./summaries/source-check.server";
import { StreamSlots } from "./summaries/stream-slots.server";

/** What requests use, started once per process by startServices() and handed to routes as `context.services`. */
export interface Services {
  config: AppConfig;
  store: Store;
  /** The clinical note's prompt catalog (always deployed; the reviewer workbench reads `noteTypeCatalogs`). */
  prompts: DeployedPromptCatalog;
  /** Every note type's prompt catalog, by prompt id (the clinical note's is `prompts`). */
  noteTypeCatalogs: NoteTypeCatalogs;
  /** Worker threads for the CPU-bound text work of requests (build/workers/text-worker.cjs). */
  textPool: TextPool;
  generations: GenerationManager;
  /** Watching summaries written by other instances: only with PostgreSQL (one SQLite file, one instance). */
  remoteGenerations?: RemoteGenerations;
  streamSlots: StreamSlots;
  sourceChecks: SourceChecks;
  metrics: Metrics;
  /** CloudWatch Embedded Metric Format lines on stdout (METRICS_EMF), beside /metrics. */
  emf?: EmfWriter;
  /** How late the event loop runs: new streams are refused while it lags. */
  eventLoopWatch: EventLoopWatch;
  lifecycle: Lifecycle;
  csrf: CSRF;
  /** The reviewer workbench's eval store (EVAL_DB). */
  evalStore: EvalStore;
  /** Hashed user ids for the request log. */
  requestUsers: RequestUsers;
  /** Summaries started per user and minute (SUMMARY_RATE_LIMIT_PER_MINUTE). */
  summaryRateLimiter: RateLimiter;
  /** Send to EHR, when FHIR_BASE_URL is configured. */
  fhirPush?: FhirPushClient;
  /** Stops everything the services started besides the parts above (timers). */
  stoppers: (() => void)[];
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    cspNonce?: string;
    requestId?: string;
    clientGone?: AbortSignal;
  }
}

/**
 * The in-process parts of the services over an open store: what startServices() starts, and what
 * tests build for routes and features they run in-process. `prompts` replaces the committed catalogue.
 */
export function createServices(
  config: AppConfig,
  store: Store,
  options: { prompts?: PromptCatalog } = {},
): Services {
  const sessionSecrets =
    config.sessionSecrets.length > 0 ? config.sessionSecrets : [localSessionSecret(config.dataDir)];
  const loaded = loadPromptCatalogs(NOTE_TYPES.map((type) => type.promptId));
  // The clinical note always has a deployed version; the other note types may be drafts (ADR 015).
  const prompts = requireDeployed(options.prompts ?? loaded.get(SUMMARY_PROMPT_ID)!);
  const noteTypeCatalogs = new Map(loaded).set(SUMMARY_PROMPT_ID, prompts);
  const eventLoopWatch = new EventLoopWatch();
  const metrics = createMetrics(eventLoopWatch);
  const emf = config.emf ? createEmfWriter(config.emf.service) : undefined;
  const summaryFinished = (summary: SummaryFinished) => {
    recordSummaryFinished(metrics, summary);
    emf?.summaryFinished(summary);
  };
  const textPool = new TextPool({
    workerFile: pathToFileURL(projectPath("build", "workers", "text-worker.cjs")),
    threads: config.textWork.threads,
    taskTimeoutMs: config.textWork.taskTimeoutMs,
    onTaskEnd: (task, outcome) => recordTextTask(metrics, task, outcome),
  });
  const generations = new GenerationManager({
    store,
    provider: createNoteWriter(noteWriterSettings(config, textPool)),
    prices: config.modelPrices,
    orphanGraceMs: config.streamOrphanGraceMs,
    estimateUsage: (model, messages, output) => textPool.estimateUsage(model, messages, output),
    observer: {
      finished: (summary, outcome) =>
        summaryFinished({
          provider: summary.provider,
          model: summary.model,
          promptVersion: summary.promptVersion,
          status: outcome.status,
          ttftMs: outcome.ttftMs ?? null,
          latencyMs: outcome.latencyMs,
          inputTokens: outcome.inputTokens,
          outputTokens: outcome.outputTokens,
          costUsd: outcome.costUsd,
          errorCode: outcome.errorCode,
        }),
    },
  });
  return {
    config,
    store,
    prompts,
    noteTypeCatalogs,
    textPool,
    generations,
    remoteGenerations: store.bus ? new RemoteGenerations(store, store.bus, generations) : undefined,
    streamSlots: new StreamSlots(config.streamsPerUser),
    sourceChecks: new SourceChecks(textPool),
    metrics,
    emf,
    eventLoopWatch,
    lifecycle: { draining: false },
    csrf: createCsrf(config, sessionSecrets),
    evalStore: new EvalStore(config.evalDbPath),
    requestUsers: new RequestUsers(sessionSecrets[0]!),
    summaryRateLimiter: createRateLimiter(store, { limitPerMinute: config.summaryRateLimitPerMinute }),
    fhirPush: config.fhir ? new FhirPushClient(config.fhir) : undefined,
    stoppers: [],
  };
}

/** Ends running summaries and closes what createServices() started; the store stays open. */
export async function closeServices(services: Services, reason: string): Promise<void> {
  for (const stop of services.stoppers.splice(0)) stop();
  await services.generations.interruptAll(reason);
  services.remoteGenerations?.close();
  await services.textPool.close();
  services.evalStore.close();
}

/**
 * Why the database cannot serve requests now (unreachable, or out of space), if it cannot:
 * server/database-guard.ts answers 503 with it then.
 */
export function databaseProblem(
  services: Services,
): { code: string; message: string; retryAfterSeconds: number } | undefined {
  const problem = services.store.problem();
  return (
    problem && { code: problem.code, message: problem.message, retryAfterSeconds: problem.retryAfterSeconds }
  );
}

/** Stops a summary being written, here or (PostgreSQL) on whichever instance is writing it. */
export function cancelSummary(services: Services, summaryId: string, reason: string): void {
  if (!services.generations.cancel(summaryId, reason)) services.remoteGenerations?.cancel(summaryId, reason);
}

// With several instances, one that dies leaves its summaries `streaming`: the others find them
// (silent for HEARTBEAT_SILENCE_MS) and mark them interrupted, checking this often.
const INTERRUPTED_SWEEP_MS = 5_000;

async function sweepInterruptedSummaries(store: Store): Promise<void> {
  const silentSince = new Date(Date.now() - HEARTBEAT_SILENCE_MS);
  await store
    .exclusive("interrupted-sweep", () => markInterruptedSummaries(store, { silentSince }))
    .catch((error: unknown) =>
      log.warn("interrupted-summary sweep failed", { errorName: (error as Error).name }),
    );
}

function describeDatabase(config: AppConfig): string {
  if (!config.postgres) return `DATA_DIR ${config.dataDir}`;
  const url = new URL(config.postgres.url);
  return `DATABASE_URL (postgres://${url.hostname}:${url.port || 5432}${url.pathname})`;
}

/** Writes the instance's EMF line (active streams, event-loop delay, database) every `intervalMs`. */
function startInstanceReports({ emf, generations, eventLoopWatch, store }: Services, intervalMs: number) {
  const timer = setInterval(
    () =>
      emf?.instance({
        activeStreams: generations.activeCount,
        eventLoopDelayMs: eventLoopWatch.takeDelayP99Ms(),
        databaseUnavailable: store.problem()?.code === "database_unavailable",
      }),
    intervalMs,
  );
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Loads and checks everything a request could need, so that a bad configuration, an edited
 * prompt release or an unreadable database stops the server before it accepts a request.
 */
export async function startServices(): Promise<Services> {
  const config = parseConfig(process.env);
  let store;
  try {
    store = await openStore(config);
  } catch (error) {
    // The driver's message names the host or the file, never credentials.
    throw new ConfigError([`${describeDatabase(config)} is not usable: ${(error as Error).message}`]);
  }
  try {
    await assertStoredTextReadable(store);
  } catch (error) {
    if (!(error instanceof FieldEncryptionError)) throw error;
    throw new ConfigError([`DATA_ENCRYPTION_KEY: ${error.message}`]);
  }
  const services = createServices(config, store);
  const { prompts, generations } = services;
  startProcessMetrics(services.metrics);
  services.metrics.setActiveStreamsSource(() => generations.activeCount);
  services.eventLoopWatch.start();
  if (services.emf && config.emf)
    services.stoppers.push(startInstanceReports(services, config.emf.intervalMs));
  // SQLite: this process is the only writer, so whatever is still `streaming` was cut off by a
  // crash. PostgreSQL: only summaries whose writer fell silent; live instances keep theirs.
  const interrupted = store.bus
    ? await markInterruptedSummaries(store, { silentSince: new Date(Date.now() - HEARTBEAT_SILENCE_MS) })
    : await markInterruptedSummaries(store);
  if (store.bus) {
    const timer = setInterval(() => void sweepInterruptedSummaries(store), INTERRUPTED_SWEEP_MS);
    timer.unref();
    services.stoppers.push(() => clearInterval(timer));
  }
  // Purges expired consultations and old audit entries now, then every 15 minutes. The first
  // purge finishes before the server listens: nothing expired is served after a restart, and its
  // locks and pooled connections never compete with the first requests.
  services.stoppers.push(await startRetentionSchedule(store, config));
  log.info("services ready", {
    provider: config.summaryProvider,
    promptVersion: prompts.deployed.version,
    database: store.dialect,
    dataDir: store.dialect === "sqlite" ? config.dataDir : undefined,
    authMode: config.authMode,
    interruptedSummaries: interrupted.length,
    retentionHours: config.retentionHours,
    encryptionAtRest: config.dataEncryptionKey !== undefined,
    fhirPush: config.fhir ? new URL(config.fhir.baseUrl).host : undefined,
  });
  return services;
}

/** Shutdown has begun: /ready answers "draining" from now on. */
export function beginShutdown(services: Services): void {
  services.lifecycle.draining = true;
}

/** True while new streams should be refused (server/main.ts reaches it through the build's entry). */
export function eventLoopLagging(services: Services): boolean {
  return services.eventLoopWatch.lagging();
}

/** The Prometheus text exposition of every metric. */
export function metricsText(services: Services): Promise<{ contentType: string; body: string }> {
  return servedMetrics(services.metrics);
}

export function recordHttpRequest(
  services: Services,
  method: string,
  route: string,
  status: number,
  seconds: number,
): void {
  recordHttpDuration(services.metrics, method, route, status, seconds);
}

/**
 * Lets running summaries finish on their own for up to `timeoutMs`. Resolves with how many are
 * still running when it gives up (0 when all finished).
 */
export async function drainGenerations(services: Services, timeoutMs: number): Promise<number> {
  await services.generations.drain(timeoutMs);
  return services.generations.activeCount;
}

/** Ends every running summary as `interrupted` and waits until each has saved its text. */
export async function interruptGenerations(services: Services, reason: string): Promise<void> {
  await services.generations.interruptAll(reason);
}

export async function stopServices(services: Services, reason: string): Promise<void> {
  services.eventLoopWatch.stop();
  await closeServices(services, reason);
  await services.store.close();
}
