import type { PromptFile } from "@consult-summary/core/prompts";
import type { PromptCatalog } from "@consult-summary/core/prompts";
import type { EvalDatabase } from "../store/db";
import { rougeVariant } from "../scoring/rouge";
import { summarizeClarity } from "../store/ratings";
import { readAggregates } from "../store/runs";
import { stemOf } from "../store/snapshots";
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

/** The name of the gate's human clarity check in a report. */
export const CLARITY_CHECK_NAME = "human clarity";

function clarityCheck(db: EvalDatabase, prompt: PromptFile, config: GateConfig): GateCheck {
  const { count, mean } = summarizeClarity(db, prompt.hash);
  const base = {
    name: CLARITY_CHECK_NAME,
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

function missingRunCheck(missing: PromptFile[], catalog: PromptCatalog, config: GateConfig): GateCheck {
  const runs = missing.map(
    (prompt) =>
      `no finished run of ${prompt.version}${prompt.hash === catalog.deployed?.hash ? " (deployed)" : ""} on ${config.dataset} with ${config.provider}`,
  );
  return {
    name: `${METRIC_LABELS[config.metric]} on ${config.dataset}`,
    figure: "no run",
    threshold: "n/a",
    result: "cannot-evaluate",
    why: `could not evaluate: ${runs.join("; ")}`,
  };
}

function rougeCheck(candidate: EvalRun, deployed: EvalRun, config: GateConfig): GateCheck {
  const label = `${METRIC_LABELS[config.metric]} (${rougeVariant(stemOf(candidate))})`;
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

/**
 * A prompt id with no deployed version has nothing to regress from: its first version needs a
 * finished run that scores (its figure becomes the baseline), and the clarity check decides.
 */
function firstReleaseRougeCheck(
  run: EvalRun | undefined,
  catalog: PromptCatalog,
  prompt: PromptFile,
  config: GateConfig,
): GateCheck {
  if (!run) return missingRunCheck([prompt], catalog, config);
  const score = readAggregates(run)?.[config.metric] ?? null;
  return {
    name: `${METRIC_LABELS[config.metric]} (${rougeVariant(stemOf(run))}) on ${config.dataset}`,
    figure: score === null ? "no scored cases" : `${score.toFixed(4)} (${run.provider})`,
    threshold: `no deployed ${catalog.promptId} version to compare with`,
    result: score === null ? "cannot-evaluate" : "pass",
    why:
      score === null
        ? "the run produced no scored cases: see its errors"
        : `first deployed version of ${catalog.promptId}: this figure becomes the baseline`,
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
  /**
   * The finished run a check uses. The CLI runs one when none is stored; the reviewer workbench
   * only reads the store and answers `undefined`, and the ROUGE check then cannot be evaluated.
   */
  finishedRunFor: (prompt: PromptFile) => Promise<EvalRun | undefined>;
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
  const deployed = catalog.deployed;
  if (!deployed) {
    const checks = [
      clarityCheck(db, prompt, config),
      firstReleaseRougeCheck(candidateRun, catalog, prompt, config),
    ];
    return { version, promptHash: prompt.hash, checks, outcome: overall(checks) };
  }
  const deployedRun = deployed.hash === prompt.hash ? candidateRun : await options.finishedRunFor(deployed);
  const missing = [
    ...(candidateRun ? [] : [prompt]),
    ...(deployedRun || deployed.hash === prompt.hash ? [] : [deployed]),
  ];
  const checks = [
    clarityCheck(db, prompt, config),
    candidateRun && deployedRun
      ? rougeCheck(candidateRun, deployedRun, config)
      : missingRunCheck(missing, catalog, config),
  ];
  return { version, promptHash: prompt.hash, checks, outcome: overall(checks) };
}
