import { ConfigError, getConfig, type AppConfig } from "./config/env.server";
import { closeDb, getDb } from "./db/client.server";
import { assertStoredTextReadable } from "./models/consultation.server";
import { markInterruptedSummaries } from "./models/summary.server";
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
  getGenerations();
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

export async function stopServices(reason: string): Promise<void> {
  stopRetentionSchedule();
  await forget<GenerationManager>("generations")?.cancelAll(reason);
  closeDb();
}
