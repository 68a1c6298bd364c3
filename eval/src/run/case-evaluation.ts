import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";

import { computeCostUsd, type ModelPrices } from "@consult-summary/core/prices";
import { renderPromptMessages, type PromptFile } from "@consult-summary/core/prompts";
import { scoreGrounding } from "@consult-summary/core/text";
import { estimateUsage } from "@consult-summary/core/summarizers";
import { SummaryError, type TokenUsage } from "@consult-summary/core/summarizers";
import type { NoteWriter } from "@consult-summary/core/note-formats";
import { scoreFactSupport, scoreRegister } from "../scoring/note-checks";
import { scoreRouge } from "../scoring/rouge";
import type { CachedOutput } from "../store/cache";
import type { evalResults } from "../store/schema";
import type { EvalCase } from "../types";
import { sectionsForCase } from "./case-sections";

export type ResultRow = typeof evalResults.$inferInsert;

export interface CaseContext {
  runId: string;
  prompt: PromptFile;
  provider: NoteWriter;
  model: string;
  prices: ModelPrices;
  stem: boolean;
  signal: AbortSignal;
  lookupCache(key: string): CachedOutput | undefined;
  judge?: (notes: string, output: string, signal: AbortSignal) => Promise<number>;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Everything that determines a model's output for a case: same key, same output, no second payment. */
export function cacheKeyFor(context: CaseContext, evalCase: EvalCase): string {
  return sha256(
    JSON.stringify({
      promptHash: context.prompt.hash,
      provider: context.provider.id,
      model: context.model,
      temperature: context.prompt.temperature,
      maxOutputTokens: context.prompt.maxOutputTokens,
      input: sha256(JSON.stringify([evalCase.notes, evalCase.section ?? null])),
    }),
  );
}

interface Generated {
  output: string;
  usage: TokenUsage;
  costUsd: number | null;
  latencyMs: number;
  ttftMs: number | null;
}

async function generate(context: CaseContext, evalCase: EvalCase): Promise<Generated> {
  const sections = sectionsForCase(context.prompt, evalCase.section);
  const messages = renderPromptMessages(context.prompt, evalCase.notes, sections);
  const started = performance.now();
  let ttftMs: number | null = null;
  let output = "";
  let usage: TokenUsage | undefined;
  const chunks = context.provider.stream({
    notes: evalCase.notes,
    sections,
    messages,
    model: context.model,
    temperature: context.prompt.temperature,
    maxOutputTokens: context.prompt.maxOutputTokens,
    format: context.prompt.format,
    signal: context.signal,
  });
  try {
    for await (const chunk of chunks) {
      if (chunk.type === "usage") usage = chunk;
      else {
        ttftMs ??= performance.now() - started;
        output += chunk.text;
      }
    }
  } catch (error) {
    throw Object.assign(
      error instanceof SummaryError ? error : new SummaryError("internal_error", "The provider failed."),
      {
        partialOutput: output,
      },
    );
  }
  usage ??= await estimateUsage(context.model, messages, output);
  return {
    output,
    usage,
    costUsd: computeCostUsd(context.prices, context.model, usage),
    latencyMs: performance.now() - started,
    ttftMs,
  };
}

/**
 * Runs one case (or takes its output from the cache) and scores it. A failure becomes a result
 * row with an error code: one bad case never stops a run.
 */
export async function evaluateCase(
  context: CaseContext,
  evalCase: EvalCase,
): Promise<{ row: ResultRow; cacheEntry?: CachedOutput }> {
  const key = cacheKeyFor(context, evalCase);
  const base = {
    id: sha256(`${context.runId}\u0000${evalCase.id}`),
    runId: context.runId,
    caseId: evalCase.id,
    notes: evalCase.notes,
    reference: evalCase.reference,
    section: evalCase.section ?? null,
  };
  const cached = context.lookupCache(key);
  let generated: Generated;
  let cacheEntry: CachedOutput | undefined;
  if (cached) {
    generated = {
      output: cached.output,
      usage: {
        inputTokens: cached.inputTokens ?? 0,
        outputTokens: cached.outputTokens ?? 0,
        estimated: cached.tokensEstimated ?? true,
      },
      costUsd: cached.costUsd,
      latencyMs: cached.latencyMs ?? 0,
      ttftMs: cached.ttftMs,
    };
  } else {
    try {
      generated = await generate(context, evalCase);
    } catch (error) {
      const failure = error as SummaryError & { partialOutput?: string };
      const output = failure.partialOutput ?? "";
      return {
        row: {
          ...base,
          output,
          outputHash: sha256(output),
          cached: false,
          errorCode: failure.code ?? "internal_error",
          errorMessage: failure.message,
        },
      };
    }
    cacheEntry = {
      key,
      output: generated.output,
      inputTokens: generated.usage.inputTokens,
      outputTokens: generated.usage.outputTokens,
      tokensEstimated: generated.usage.estimated,
      costUsd: generated.costUsd,
      latencyMs: generated.latencyMs,
      ttftMs: generated.ttftMs,
      createdAt: new Date(),
    };
  }

  const grounding = scoreGrounding(generated.output, evalCase.notes);
  const factSupport = scoreFactSupport(generated.output, evalCase.notes);
  const register = scoreRegister(generated.output);
  const judgeClarity = context.judge
    ? await context.judge(evalCase.notes, generated.output, context.signal).catch(() => null)
    : null;
  return {
    row: {
      ...base,
      output: generated.output,
      outputHash: sha256(generated.output),
      scores: JSON.stringify(scoreRouge(generated.output, evalCase.reference, { stem: context.stem })),
      grounding: grounding.score,
      ungrounded: JSON.stringify(grounding.unsupported),
      factSupport: factSupport.score,
      factIssues: JSON.stringify(factSupport.issues),
      conversational: register.share,
      conversationalLines: JSON.stringify(register.lines),
      judgeClarity,
      inputTokens: generated.usage.inputTokens,
      outputTokens: generated.usage.outputTokens,
      tokensEstimated: generated.usage.estimated,
      costUsd: cached ? 0 : generated.costUsd,
      latencyMs: generated.latencyMs,
      ttftMs: generated.ttftMs,
      cached: Boolean(cached),
      errorCode: null,
      errorMessage: null,
    },
    cacheEntry,
  };
}
