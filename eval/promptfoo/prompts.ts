// promptfoo prompt functions over the same versioned prompt files the app serves. Add one line
// per prompt version you want promptfoo to compare.
import { loadPrompt, SUMMARY_PROMPT_ID } from "@consult-summary/core/prompts";
import { renderPromptMessages } from "@consult-summary/core/prompts";
import { sectionsForCase } from "../src/run/case-sections";

interface PromptContext {
  vars: { notes: string; section?: string };
}

function promptVersion(version: string) {
  return ({ vars }: PromptContext): string => {
    const prompt = loadPrompt(SUMMARY_PROMPT_ID, version);
    return JSON.stringify(renderPromptMessages(prompt, vars.notes, sectionsForCase(prompt, vars.section)));
  };
}

export const v1 = promptVersion("v1");
