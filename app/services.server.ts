import { ConfigError, getConfig, type AppConfig } from "./config/env.server";
import { closeDb, getDb } from "./db/client.server";
import { assertStoredTextReadable } from "./models/consultation.server";
import { markInterruptedSummaries } from "./models/summary.server";
import { getMetrics, recordSummaryFinished, startProcessMetrics } from "./observability/metrics.server";
import { markDraining } from "./observability/readiness.server";
import { FieldEncryptionError } from "./security/field-encryption.server";
import { startRetentionSchedule, stopRetentionSchedule } from "./security/retention.server";
import { loadPromptCatalog, type PromptCatalog } from "./prompts/prompt-store.server";
import { GenerationManager } from "./streaming/generation-manager.server";
import { createSummaryProvider } from "./summarize/provider-registry.server";
import { log } from "./utils/logger.server";
import { forget, remember } from "./utils/remember.server";

export function getPromptCatalog(): PromptCatalog {
  return remember("prompts", () => loadPromptCatalog());
}

export function getGenerations(): GenerationManager {
  return remember("generations", () => {
    const config = getConfig();
    return new GenerationManager({
      provider: createSummaryProvider(config),
      prices: config.modelPrices,
      orphanGraceMs: config.streamOrphanGraceMs,
      observer: {
        finished: (summary, outcome) =>
          recordSummaryFinished({
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
  });
}

/**
 * Loads and checks everything a request could need, so that a bad configuration, an edited
 * prompt release or an unreadable database stops the server before it accepts a request.
 */
export function startServices(): AppConfig {
  const config = getConfig();
  try {
    getDb();
  } catch (error) {
    throw new ConfigError([`DATA_DIR ${config.dataDir} is not usable: ${(error as Error).message}`]);
  }
  try {
    assertStoredTextReadable();
  } catch (error) {
    if (!(error instanceof FieldEncryptionError)) throw error;
    throw new ConfigError([`DATA_ENCRYPTION_KEY: ${error.message}`]);
  }
  const prompts = getPromptCatalog();
  const generations = getGenerations();
  startProcessMetrics();
  getMetrics().setActiveStreamsSource(() => generations.activeCount);
  const interrupted = markInterruptedSummaries();
  // Purges expired consultations and old audit entries now, then every 15 minutes.
  startRetentionSchedule();
  log.info("services ready", {
    provider: config.summaryProvider,
    promptVersion: prompts.deployed.version,
    dataDir: config.dataDir,
    authMode: config.authMode,
    interruptedSummaries: interrupted,
    retentionHours: config.retentionHours,
    encryptionAtRest: config.dataEncryptionKey !== undefined,
  });
  return config;
}

/** Shutdown has begun: /ready answers "draining" from now on. */
export function beginShutdown(): void {
  markDraining();
}

/**
 * Lets running summaries finish on their own for up to `timeoutMs`. Resolves with how many are
 * still running when it gives up (0 when all finished).
 */
export async function drainGenerations(timeoutMs: number): Promise<number> {
  const generations = getGenerations();
  await generations.drain(timeoutMs);
  return generations.activeCount;
}

/** Ends every running summary with a `cancelled` error and waits until each has saved its text. */
export async function cancelGenerations(reason: string): Promise<void> {
  await getGenerations().cancelAll(reason);
}

export async function stopServices(reason: string): Promise<void> {
  stopRetentionSchedule();
  await forget<GenerationManager>("generations")?.cancelAll(reason);
  closeDb();
}
