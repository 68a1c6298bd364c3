// A promptfoo provider that runs our own summary providers (embedded by default), so promptfoo
// evaluates exactly the code the app ships. Configure with `config.provider` and, for openai,
// the usual OPENAI_* variables.
import { loadPrompt, SUMMARY_PROMPT_ID } from "@consult-summary/core/prompts";
import { estimateUsage } from "@consult-summary/core/summarizers";
import type { ChatMessage, TokenUsage } from "@consult-summary/core/summarizers";
import { createEvalProvider, EVAL_PROVIDERS, type EvalProviderName } from "../src/providers/index";
import { sectionsForCase } from "../src/run/case-sections";

interface ProviderOptions {
  id?: string;
  config?: { provider?: EvalProviderName };
}

interface CallContext {
  vars: { notes: string; section?: string };
  prompt: { label?: string };
}

export default class ConsultSummaryProvider {
  private readonly providerName: EvalProviderName;

  constructor(options: ProviderOptions = {}) {
    this.providerName = options.config?.provider ?? "embedded";
    if (!EVAL_PROVIDERS.includes(this.providerName)) {
      throw new Error(`config.provider must be one of ${EVAL_PROVIDERS.join(", ")}`);
    }
  }

  id(): string {
    return `consult-summary:${this.providerName}`;
  }

  async callApi(renderedPrompt: string, context: CallContext) {
    const version = /\bv\d+\b/.exec(context.prompt.label ?? "")?.[0];
    if (!version) return { error: 'Label each prompt with its version, e.g. "consultation-summary v1".' };
    const prompt = loadPrompt(SUMMARY_PROMPT_ID, version);
    const { provider, modelFor } = createEvalProvider(this.providerName);
    const model = modelFor(prompt);
    let messages: ChatMessage[];
    let output = "";
    let usage: TokenUsage | undefined;
    try {
      messages = JSON.parse(renderedPrompt) as ChatMessage[];
      for await (const chunk of provider.stream({
        notes: context.vars.notes,
        sections: sectionsForCase(prompt, context.vars.section),
        messages,
        model,
        temperature: prompt.temperature,
        maxOutputTokens: prompt.maxOutputTokens,
        signal: new AbortController().signal,
      })) {
        if (chunk.type === "delta") output += chunk.text;
        else usage = chunk;
      }
    } catch (error) {
      return { error: (error as Error).message };
    }
    usage ??= await estimateUsage(model, messages, output);
    const tokenUsage = {
      prompt: usage.inputTokens,
      completion: usage.outputTokens,
      total: usage.inputTokens + usage.outputTokens,
    };
    return { output, tokenUsage };
  }
}
