import type { PromptFile } from "../../../app/prompts/prompt-file";
import type { PromptCatalog } from "../../../app/prompts/prompt-store.server";
import type { EvalDatabase } from "../store/db";
import { summarizeClarity } from "../store/ratings";
import { readAggregates } from "../store/runs";
import type { EvalRun } from "../store/schema";
import type { GateConfig } from "./gate-config";

export type CheckResult = "pass" | "fail" | "cannot-evaluate";

export interface GateCheck {
  name: string;
  figure: string;
  threshold: string;
  result: CheckResult;
  why: string;
}

export interface GateReport {
  version: string;
  promptHash: string | null;
  checks: GateCheck[];
  outcome: CheckResult;
}

const METRIC_LABELS = {
  rouge1: "ROUGE-1 F1",
  rouge2: "ROUGE-2 F1",
  rougeL: "ROUGE-L F1",
  rougeLsum: "ROUGE-Lsum F1",
};

function clarityCheck(db: EvalDatabase, prompt: PromptFile, config: GateConfig): GateCheck {
  const { count, mean } = summarizeClarity(db, prompt.hash);
  const base = {
    name: "human clarity",
    figure: mean === null ? `no ratings` : `${mean.toFixed(2)} / 5 over ${count} ratings`,
    threshold: `≥ ${config.clarityTarget} over ≥ ${config.minRatings} ratings`,
  };
  if (count < config.minRatings) {
    return {
      ...base,
      result: "cannot-evaluate",
      why: `could not evaluate: ${count} of ${config.minRatings} required human ratings of this exact prompt (hash ${prompt.hash.slice(0, 12)})`,
    };
  }
  const passed = mean! >= config.clarityTarget;
  return {
    ...base,
    result: passed ? "pass" : "fail",
    why: passed
      ? "raters find it clear enough"
      : `mean clarity ${mean!.toFixed(2)} is below the ${config.clarityTarget} target`,
  };
}

function rougeCheck(candidate: EvalRun, deployed: EvalRun, config: GateConfig): GateCheck {
  const label = METRIC_LABELS[config.metric];
  const candidateScore = readAggregates(candidate)?.[config.metric] ?? null;
  const deployedScore = readAggregates(deployed)?.[config.metric] ?? null;
  const base = {
    name: `${label} on ${config.dataset}`,
    figure:
      candidateScore === null ? "no scored cases" : `${candidateScore.toFixed(4)} (${candidate.provider})`,
    threshold:
      deployedScore === null
        ? "n/a"
        : `≥ ${(deployedScore - config.rougeTolerance).toFixed(4)} (deployed ${deployed.promptVersion} ${deployedScore.toFixed(4)} − ${config.rougeTolerance})`,
  };
  if (candidateScore === null || deployedScore === null) {
    return { ...base, result: "cannot-evaluate", why: "a run produced no scored cases: see its errors" };
  }
  const passed = candidateScore >= deployedScore - config.rougeTolerance;
  return {
    ...base,
    result: passed ? "pass" : "fail",
    why: passed
      ? `within ${config.rougeTolerance} of the deployed version or better`
      : `${(deployedScore - candidateScore).toFixed(4)} below the deployed version, more than the ${config.rougeTolerance} tolerance`,
  };
}

function overall(checks: GateCheck[]): CheckResult {
  if (checks.some((check) => check.result === "fail")) return "fail";
  if (checks.some((check) => check.result === "cannot-evaluate")) return "cannot-evaluate";
  return "pass";
}

/**
 * Decides whether a prompt version may be deployed: enough human clarity ratings of this exact
 * file at or above target, and no ROUGE regression against the deployed version beyond tolerance.
 */
export async function evaluateGate(options: {
  db: EvalDatabase;
  catalog: PromptCatalog;
  config: GateConfig;
  version: string;
  finishedRunFor: (prompt: PromptFile) => Promise<EvalRun>;
}): Promise<GateReport> {
  const { db, catalog, config, version } = options;
  const prompt = catalog.get(version);
  if (!prompt) {
    return {
      version,
      promptHash: null,
      outcome: "cannot-evaluate",
      checks: [
        {
          name: "prompt version",
          figure: version,
          threshold: `one of ${catalog.versions().join(", ")}`,
          result: "cannot-evaluate",
          why: `unknown prompt version ${version}`,
        },
      ],
    };
  }
  const candidateRun = await options.finishedRunFor(prompt);
  const deployedRun =
    catalog.deployed.hash === prompt.hash ? candidateRun : await options.finishedRunFor(catalog.deployed);
  const checks = [clarityCheck(db, prompt, config), rougeCheck(candidateRun, deployedRun, config)];
  return { version, promptHash: prompt.hash, checks, outcome: overall(checks) };
}
