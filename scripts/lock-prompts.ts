// Releases new prompt versions: records the content hash of every prompt file not yet in
// prompts/prompts.lock.json. Released entries are never rewritten; a changed release fails.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { hashPromptContent, parsePromptFile } from "../app/prompts/prompt-file";
import {
  findLockViolations,
  listPromptVersions,
  lockKey,
  promptsDir,
  readPromptLock,
  SUMMARY_PROMPT_ID,
} from "../app/prompts/prompt-store.server";

const dir = promptsDir();
const violations = findLockViolations(dir);
if (violations.length > 0) {
  console.error(violations.join("\n"));
  process.exit(1);
}

const lock = readPromptLock(dir);
const added: string[] = [];
for (const version of listPromptVersions(SUMMARY_PROMPT_ID, dir)) {
  const key = lockKey(SUMMARY_PROMPT_ID, version);
  if (lock[key]) continue;
  const content = readFileSync(path.join(dir, key));
  parsePromptFile(key, content.toString("utf8"));
  lock[key] = hashPromptContent(content);
  added.push(key);
}

const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(path.join(dir, "prompts.lock.json"), `${JSON.stringify(sorted, null, 2)}\n`);
console.log(added.length > 0 ? `Released: ${added.join(", ")}` : "Nothing new to release.");
