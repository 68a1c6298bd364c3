// .github/scripts/changed-prompts.sh on a throwaway repository: which prompt versions of any id a
// change gates, a new prompt id's first version included.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

const script = path.resolve(import.meta.dirname, "../../.github/scripts/changed-prompts.sh");
let repo: string;

function git(...args: string[]): string {
  const result = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

function write(file: string, content: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), content);
}

function commit(): string {
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "change");
  return git("rev-parse", "HEAD");
}

function changedSince(base: string): { gated: string[]; notes: string } {
  const result = spawnSync(script, [base], { cwd: repo, encoding: "utf8" });
  expect(result.status).toBe(0);
  return { gated: result.stdout.split("\n").filter(Boolean), notes: result.stderr };
}

beforeEach(() => {
  repo = mkdtempSync(path.join(tmpdir(), "changed-prompts-"));
  git("init", "-q");
  write("prompts/consultation-summary/v1.md", "v1");
  write("prompts/deployed.json", JSON.stringify({ "consultation-summary": "v1" }));
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe("changed-prompts.sh", () => {
  it("gates new and changed versions of every deployed prompt id, and the pointers that moved", () => {
    write("prompts/referral-letter/v1.md", "letter v1");
    write("prompts/deployed.json", JSON.stringify({ "consultation-summary": "v1", "referral-letter": "v1" }));
    const base = commit();
    write("prompts/consultation-summary/v2.md", "v2");
    write("prompts/referral-letter/v2.md", "letter v2");
    write("prompts/deployed.json", JSON.stringify({ "consultation-summary": "v1", "referral-letter": "v2" }));
    commit();
    expect(changedSince(base).gated).toEqual(["consultation-summary/v2", "referral-letter/v2"]);
  });

  it("gates a new prompt id's first version like any other, released or deployed", () => {
    const base = commit();
    write("prompts/after-visit-summary/v1.md", "summary v1");
    const released = commit();
    expect(changedSince(base)).toEqual({ gated: ["after-visit-summary/v1"], notes: "" });
    write(
      "prompts/deployed.json",
      JSON.stringify({ "consultation-summary": "v1", "after-visit-summary": "v1" }),
    );
    commit();
    expect(changedSince(released)).toEqual({ gated: ["after-visit-summary/v1"], notes: "" });
  });

  it("gates nothing when no prompt changed", () => {
    const base = commit();
    write("README.md", "docs");
    commit();
    expect(changedSince(base)).toEqual({ gated: [], notes: "" });
  });
});
