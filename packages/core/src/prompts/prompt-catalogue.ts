import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { z } from "zod";

import { projectPath } from "../project-paths";
import { hashPromptContent, parsePromptFile, PromptFileError, type PromptFile } from "./prompt-file";

/** The clinical note's prompt id: the default note type. */
export const SUMMARY_PROMPT_ID = "consultation-summary";

const DEPLOYED_FILE = "deployed.json";
const LOCK_FILE = "prompts.lock.json";
const VERSION_FILE = /^(v\d+)\.md$/;

const pointerSchema = z.record(z.string(), z.string().regex(/^v\d+$/));
const lockSchema = z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/));

export type PromptLock = z.infer<typeof lockSchema>;

export function promptsDir(): string {
  return projectPath("prompts");
}

/** The lock key of a prompt file, e.g. `consultation-summary/v1.md`. */
export function lockKey(promptId: string, version: string): string {
  return `${promptId}/${version}.md`;
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new PromptFileError(file, parsed.error.issues[0]!.message);
  return parsed.data;
}

export function readPromptLock(dir = promptsDir()): PromptLock {
  const file = path.join(dir, LOCK_FILE);
  return existsSync(file) ? readJson(file, lockSchema) : {};
}

/** Every prompt id: the folders of the prompts directory that hold a version file. */
export function listPromptIds(dir = promptsDir()): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && listPromptVersions(entry.name, dir).length > 0)
    .map((entry) => entry.name)
    .sort();
}

export function listPromptVersions(promptId: string, dir = promptsDir()): string[] {
  const folder = path.join(dir, promptId);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => VERSION_FILE.exec(name)?.[1])
    .filter((version): version is string => Boolean(version))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

export function loadPrompt(promptId: string, version: string, dir = promptsDir()): PromptFile {
  const file = path.join(dir, promptId, `${version}.md`);
  if (!existsSync(file)) throw new PromptFileError(file, "no such prompt version");
  const prompt = parsePromptFile(path.relative(dir, file), readFileSync(file, "utf8"));
  if (prompt.id !== promptId || prompt.version !== version) {
    throw new PromptFileError(
      file,
      `front matter says ${prompt.id} ${prompt.version}; the file name disagrees`,
    );
  }
  return prompt;
}

/** The deployed version of a prompt id, or undefined for an id that is released but not yet deployed. */
export function deployedVersion(promptId: string, dir = promptsDir()): string | undefined {
  return readJson(path.join(dir, DEPLOYED_FILE), pointerSchema)[promptId];
}

/** Locked files whose bytes changed since release; each entry says which and why. */
export function findLockViolations(dir = promptsDir()): string[] {
  return Object.entries(readPromptLock(dir)).flatMap(([key, hash]) => {
    const file = path.join(dir, key);
    if (!existsSync(file)) return [`${key} is released (in ${LOCK_FILE}) but the file is missing`];
    return hashPromptContent(readFileSync(file)) === hash
      ? []
      : [`${key} is released and immutable, but its content changed: add a new version instead`];
  });
}

export interface PromptCatalog {
  promptId: string;
  /**
   * The version everyone gets; undefined for a prompt id with no deployed version yet (a draft
   * note type: released, but not past the deploy gate, ADR 015).
   */
  deployed: PromptFile | undefined;
  get(version: string): PromptFile | undefined;
  versions(): string[];
}

/** A catalog whose prompt id has a deployed version. */
export type DeployedPromptCatalog = PromptCatalog & { deployed: PromptFile };

/**
 * Loads and checks every version of one prompt id at startup, so a broken or edited
 * release stops the server instead of failing a clinician's request. A deployed version must
 * exist and be released; an id may have none (`deployed` undefined).
 */
export function loadPromptCatalog(promptId = SUMMARY_PROMPT_ID, dir = promptsDir()): PromptCatalog {
  const violations = findLockViolations(dir);
  if (violations.length > 0) throw new PromptFileError(path.join(dir, LOCK_FILE), violations.join("; "));
  const lock = readPromptLock(dir);
  const prompts = new Map(listPromptVersions(promptId, dir).map((v) => [v, loadPrompt(promptId, v, dir)]));
  if (prompts.size === 0) throw new PromptFileError(path.join(dir, promptId), "holds no prompt version");
  const deployedName = deployedVersion(promptId, dir);
  const deployed = deployedName === undefined ? undefined : prompts.get(deployedName);
  if (deployedName !== undefined && !deployed) {
    throw new PromptFileError(path.join(dir, DEPLOYED_FILE), `${deployedName} does not exist`);
  }
  if (deployedName !== undefined && !lock[lockKey(promptId, deployedName)]) {
    throw new PromptFileError(
      path.join(dir, DEPLOYED_FILE),
      `${deployedName} is deployed but not released: run npm run prompts:lock`,
    );
  }
  return { promptId, deployed, get: (version) => prompts.get(version), versions: () => [...prompts.keys()] };
}

/** The catalog, checked to have a deployed version (the clinical note's always must). */
export function requireDeployed(catalog: PromptCatalog, dir = promptsDir()): DeployedPromptCatalog {
  if (!catalog.deployed) {
    throw new PromptFileError(
      path.join(dir, DEPLOYED_FILE),
      `names no deployed version for "${catalog.promptId}"`,
    );
  }
  return catalog as DeployedPromptCatalog;
}

/** One catalog per prompt id, each loaded and checked as loadPromptCatalog does. */
export function loadPromptCatalogs(
  promptIds: readonly string[],
  dir = promptsDir(),
): ReadonlyMap<string, PromptCatalog> {
  return new Map(promptIds.map((promptId) => [promptId, loadPromptCatalog(promptId, dir)]));
}

function writeJson(file: string, value: Record<string, string>): void {
  const sorted = Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
}

/**
 * Releases the given versions that are not yet in the lock (after checking they parse) and
 * returns their lock keys. Released entries are never rewritten.
 */
export function releaseVersions(promptId: string, versions: string[], dir = promptsDir()): string[] {
  const violations = findLockViolations(dir);
  if (violations.length > 0) throw new PromptFileError(path.join(dir, LOCK_FILE), violations.join("; "));
  const lock = readPromptLock(dir);
  const added = versions.flatMap((version) => {
    const key = lockKey(promptId, version);
    if (lock[key]) return [];
    lock[key] = loadPrompt(promptId, version, dir).hash;
    return [key];
  });
  if (added.length > 0) writeJson(path.join(dir, LOCK_FILE), lock);
  return added;
}

export function releaseNewVersions(promptId: string, dir = promptsDir()): string[] {
  return releaseVersions(promptId, listPromptVersions(promptId, dir), dir);
}

/** Points the deployed pointer at a released version. */
export function setDeployedVersion(promptId: string, version: string, dir = promptsDir()): void {
  if (!readPromptLock(dir)[lockKey(promptId, version)]) {
    throw new PromptFileError(path.join(dir, DEPLOYED_FILE), `${version} is not released`);
  }
  const file = path.join(dir, DEPLOYED_FILE);
  writeJson(file, { ...readJson(file, pointerSchema), [promptId]: version });
}
