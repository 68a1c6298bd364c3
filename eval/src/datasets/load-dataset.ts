// Loads a JSONL dataset of evaluation cases, validating every line. Nothing is skipped silently:
// every bad line is reported (file, 1-based line, reason) in one `DatasetError`.
//
// Accepted line shapes:
// - canonical: {"id", "notes", "reference", "section"?: string | null, "tags"?: string[]}
// - the shared public-corpus form (../shared/datasets):
//   {"id", "source", "split", "section": string | null, "dialogue", "reference"}
//   → notes = dialogue, tags = [source, split].
// A line is read as the shared form when it has any of "dialogue", "source" or "split".
// Unknown fields are rejected in both forms (a typo such as "refrence" would otherwise silently
// drop the reference); the reason names the field and suggests the closest known one.
// Blank lines are ignored. Line 0 in a problem means the file as a whole.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

import { z } from "zod";

import type { EvalCase } from "../types";

export interface DatasetProblem {
  file: string;
  /** 1-based line number; 0 for a problem with the whole file. */
  line: number;
  reason: string;
}

export class DatasetError extends Error {
  readonly problems: DatasetProblem[];

  constructor(problems: DatasetProblem[]) {
    super(formatProblems(problems));
    this.name = "DatasetError";
    this.problems = problems;
  }
}

const MAX_LISTED = 20;

function formatProblems(problems: DatasetProblem[]): string {
  const files = [...new Set(problems.map((p) => p.file))];
  const head = `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files.join(", ")}`;
  const listed = problems
    .slice(0, MAX_LISTED)
    .map((p) => `  ${p.file}${p.line > 0 ? `:${p.line}` : ""}: ${p.reason}`);
  const more = problems.length > MAX_LISTED ? [`  … and ${problems.length - MAX_LISTED} more`] : [];
  return [head + ":", ...listed, ...more].join("\n");
}

const nonEmpty = z.string().refine((value) => value.trim().length > 0, { message: "must not be empty" });

const canonicalLine = z
  .object({
    id: nonEmpty,
    notes: nonEmpty,
    reference: nonEmpty,
    section: nonEmpty.nullable().optional(),
    tags: z.array(nonEmpty).optional(),
  })
  .strict();

const sharedLine = z
  .object({
    id: nonEmpty,
    source: nonEmpty,
    split: nonEmpty,
    section: nonEmpty.nullable(),
    dialogue: nonEmpty,
    reference: nonEmpty,
  })
  .strict();

const CANONICAL_FIELDS = Object.keys(canonicalLine.shape);
const SHARED_FIELDS = Object.keys(sharedLine.shape);
const SHARED_MARKERS = ["dialogue", "source", "split"];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function unknownFieldReason(key: string, known: string[]): string {
  const close = known
    .map((name) => ({ name, distance: editDistance(key.toLowerCase(), name) }))
    .filter((candidate) => candidate.distance <= 2)
    .sort((a, b) => a.distance - b.distance)[0];
  return `unknown field "${key}"${close ? ` (did you mean "${close.name}"?)` : ""}`;
}

function describeIssues(error: z.ZodError, known: string[], form: string): string {
  const reasons = error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => unknownFieldReason(key, known));
    const field = issue.path.join(".");
    if (issue.code === "invalid_type" && issue.received === "undefined") {
      return [`missing required field "${field}"`];
    }
    return [`"${field}" ${issue.code === "custom" ? issue.message : issue.message.toLowerCase()}`];
  });
  return `${reasons.join("; ")} (${form})`;
}

/** Parses one non-blank line into a case, or returns the reason it is invalid. */
function parseLine(text: string): EvalCase | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `expected a JSON object, found ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`;
  }
  if (SHARED_MARKERS.some((key) => key in value)) {
    const parsed = sharedLine.safeParse(value);
    if (!parsed.success) return describeIssues(parsed.error, SHARED_FIELDS, "shared corpus form");
    const { id, source, split, section, dialogue, reference } = parsed.data;
    return toCase({ id, notes: dialogue, reference, section, tags: [source, split] });
  }
  const parsed = canonicalLine.safeParse(value);
  if (!parsed.success) return describeIssues(parsed.error, CANONICAL_FIELDS, "canonical form");
  return toCase(parsed.data);
}

function toCase(fields: {
  id: string;
  notes: string;
  reference: string;
  section?: string | null;
  tags?: string[];
}): EvalCase {
  const result: EvalCase = { id: fields.id, notes: fields.notes, reference: fields.reference };
  if (fields.section != null) result.section = fields.section;
  if (fields.tags) result.tags = fields.tags;
  return result;
}

/**
 * Parses JSONL text into cases. `file` is only used in problem reports.
 * Throws `DatasetError` listing every bad line, duplicate id, and an empty dataset.
 */
export function parseDataset(text: string, file: string): EvalCase[] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const problems: DatasetProblem[] = [];
  const cases: EvalCase[] = [];
  const firstLineById = new Map<string, number>();

  body.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    const result = parseLine(raw);
    if (typeof result === "string") {
      problems.push({ file, line, reason: result });
      return;
    }
    const first = firstLineById.get(result.id);
    if (first !== undefined) {
      problems.push({
        file,
        line,
        reason: `duplicate id "${result.id}" (lines ${first} and ${line})`,
      });
      return;
    }
    firstLineById.set(result.id, line);
    cases.push(result);
  });

  if (problems.length === 0 && cases.length === 0) {
    problems.push({ file, line: 0, reason: "the dataset has no cases" });
  }
  if (problems.length > 0) throw new DatasetError(problems);
  return cases;
}

/** sha256 (hex) of the given bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Reads and validates a JSONL dataset. `hash` is the sha256 (hex) of the file's bytes.
 * Throws `DatasetError` for invalid content (I/O errors such as ENOENT propagate unchanged).
 */
export async function loadDataset(file: string): Promise<{ cases: EvalCase[]; hash: string }> {
  const bytes = await readFile(file);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DatasetError([{ file, line: 0, reason: "the file is not valid UTF-8" }]);
  }
  return { cases: parseDataset(text, file), hash: sha256(bytes) };
}
