import { createHash } from "node:crypto";

import { parse as parseYaml } from "yaml";
import { z } from "zod";

import { DEFAULT_NOTE_FORMAT, NOTE_FORMATS, type NoteFormat } from "../note-formats/note-format";
import type { ChatMessage, SummarySection } from "../summarizers/types";

const frontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "must be lower-case letters, digits and dashes"),
    version: z.string().regex(/^v\d+$/, 'must look like "v1"'),
    description: z.string().optional(),
    model: z.string().min(1),
    temperature: z.number().min(0).max(2),
    maxOutputTokens: z.number().int().positive().max(32_000),
    format: z.enum(NOTE_FORMATS).default(DEFAULT_NOTE_FORMAT),
    sections: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z_]+$/, "must be lower_snake_case"),
            title: z.string().min(1),
            description: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export interface PromptFile {
  id: string;
  version: string;
  description?: string;
  model: string;
  temperature: number;
  maxOutputTokens: number;
  /** The shape of the summary (front matter `format`, default `note`): what the embedded writer writes. */
  format: NoteFormat;
  sections: SummarySection[];
  system: string;
  user: string;
  /** sha256 of the file's bytes: what a stored summary records and the lock pins. */
  hash: string;
}

export class PromptFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "PromptFileError";
  }
}

export function hashPromptContent(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/;
const MESSAGE_HEADING = /^# (System|User)\s*$/gm;

function splitMessages(file: string, body: string): { system: string; user: string } {
  const headings = [...body.matchAll(MESSAGE_HEADING)];
  const names = headings.map((match) => match[1]);
  if (names.join(",") !== "System,User") {
    throw new PromptFileError(file, 'body must have a "# System" heading followed by a "# User" heading');
  }
  const [system, user] = headings.map((match, i) =>
    body.slice(match.index! + match[0].length, headings[i + 1]?.index ?? body.length).trim(),
  ) as [string, string];
  if (!system) throw new PromptFileError(file, "the System message is empty");
  if (!user.includes("{{notes}}")) {
    throw new PromptFileError(file, "the User message must contain the {{notes}} placeholder");
  }
  return { system, user };
}

/** Parses a prompt file; errors name the file and the offending field. */
export function parsePromptFile(file: string, content: string): PromptFile {
  const match = FRONT_MATTER.exec(content);
  if (!match) throw new PromptFileError(file, "must start with a --- front matter block ---");
  let data: unknown;
  try {
    data = parseYaml(match[1]!);
  } catch (error) {
    throw new PromptFileError(file, `front matter is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "front matter";
    throw new PromptFileError(file, `field "${field}" ${issue.message}`);
  }
  return { ...parsed.data, ...splitMessages(file, match[2]!), hash: hashPromptContent(content) };
}

function renderSectionList(sections: SummarySection[]): string {
  return sections
    .map((section) => `- ${section.title}${section.description ? `: ${section.description}` : ""}`)
    .join("\n");
}

function fill(template: string, variables: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => variables[name] ?? whole);
}

interface FilledTemplates {
  system: string;
  /** The user message with everything but the notes filled in. */
  user: string;
}

// Every summary of a prompt version with its own sections shares one rendered system message,
// instead of a copy per request held until the model has answered.
const filledWithOwnSections = new WeakMap<PromptFile, FilledTemplates>();

function fillTemplates(prompt: PromptFile, sections: SummarySection[]): FilledTemplates {
  const variables = { sections: renderSectionList(sections) };
  return { system: fill(prompt.system, variables), user: fill(prompt.user, variables) };
}

function templatesFor(prompt: PromptFile, sections: SummarySection[]): FilledTemplates {
  if (sections !== prompt.sections) return fillTemplates(prompt, sections);
  let filled = filledWithOwnSections.get(prompt);
  if (!filled) {
    filled = fillTemplates(prompt, sections);
    filledWithOwnSections.set(prompt, filled);
  }
  return filled;
}

/** Renders the chat messages for one consultation, optionally restricted to some sections. */
export function renderPromptMessages(
  prompt: PromptFile,
  notes: string,
  sections: SummarySection[] = prompt.sections,
): ChatMessage[] {
  const templates = templatesFor(prompt, sections);
  // Notes are substituted last so text inside them that looks like a placeholder stays as typed.
  return [
    { role: "system", content: templates.system },
    { role: "user", content: fill(templates.user, { notes }) },
  ];
}
