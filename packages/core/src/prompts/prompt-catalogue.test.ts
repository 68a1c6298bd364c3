import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import {
  findLockViolations,
  loadPromptCatalog,
  requireDeployed,
  lockKey,
  promptsDir,
  readPromptLock,
  SUMMARY_PROMPT_ID,
} from "./prompt-catalogue";

function copyOfRepoPrompts(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "prompts-"));
  cpSync(promptsDir(), dir, { recursive: true });
  return dir;
}

describe("the committed prompts", () => {
  it("have not changed since release: every locked file still matches its hash", () => {
    expect(findLockViolations()).toEqual([]);
  });

  it("deploy a released version that loads", () => {
    const catalog = requireDeployed(loadPromptCatalog());
    expect(readPromptLock()[lockKey(SUMMARY_PROMPT_ID, catalog.deployed.version)]).toBe(
      catalog.deployed.hash,
    );
    expect(catalog.deployed.user).toContain("{{notes}}");
  });

  it.each(["referral-letter", "after-visit-summary"])(
    "release %s v1 without deploying it: no version of it has passed the gate",
    (promptId) => {
      const catalog = loadPromptCatalog(promptId);
      expect(catalog.deployed).toBeUndefined();
      expect(readPromptLock()[lockKey(promptId, "v1")]).toBe(catalog.get("v1")!.hash);
      expect(() => requireDeployed(catalog)).toThrow(`names no deployed version for "${promptId}"`);
    },
  );
});

describe("loadPromptCatalog", () => {
  it("refuses an edited release", () => {
    const dir = copyOfRepoPrompts();
    const file = path.join(dir, SUMMARY_PROMPT_ID, "v1.md");
    writeFileSync(file, `${readFileSync(file, "utf8")}\nOne more instruction.\n`);
    expect(findLockViolations(dir)).toEqual([
      "consultation-summary/v1.md is released and immutable, but its content changed: add a new version instead",
    ]);
    expect(() => loadPromptCatalog(SUMMARY_PROMPT_ID, dir)).toThrow(/released and immutable/);
  });

  it("refuses to deploy an unreleased or missing version", () => {
    const dir = copyOfRepoPrompts();
    const v1 = readFileSync(path.join(dir, SUMMARY_PROMPT_ID, "v1.md"), "utf8") as string;
    writeFileSync(path.join(dir, SUMMARY_PROMPT_ID, "v90.md"), v1.replace("version: v1", "version: v90"));
    writeFileSync(path.join(dir, "deployed.json"), '{"consultation-summary": "v90"}');
    expect(() => loadPromptCatalog(SUMMARY_PROMPT_ID, dir)).toThrow(/v90 is deployed but not released/);
    writeFileSync(path.join(dir, "deployed.json"), '{"consultation-summary": "v99"}');
    expect(() => loadPromptCatalog(SUMMARY_PROMPT_ID, dir)).toThrow(/v99 does not exist/);
  });

  it("loads an id with no deployed version, and refuses it where one is required", () => {
    const dir = copyOfRepoPrompts();
    writeFileSync(path.join(dir, "deployed.json"), "{}");
    const catalog = loadPromptCatalog(SUMMARY_PROMPT_ID, dir);
    expect(catalog.deployed).toBeUndefined();
    expect(catalog.versions()).toContain("v1");
    expect(() => requireDeployed(catalog, dir)).toThrow(
      /names no deployed version for "consultation-summary"/,
    );
  });

  it("refuses a file whose front matter disagrees with its name", () => {
    const dir = copyOfRepoPrompts();
    const v1 = readFileSync(path.join(dir, SUMMARY_PROMPT_ID, "v1.md"), "utf8") as string;
    writeFileSync(path.join(dir, SUMMARY_PROMPT_ID, "v93.md"), v1);
    expect(() => loadPromptCatalog(SUMMARY_PROMPT_ID, dir)).toThrow(
      /v93\.md: front matter says consultation-summary v1/,
    );
  });
});
