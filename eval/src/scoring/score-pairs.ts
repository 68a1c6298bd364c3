// Engine of `score --input <file.jsonl> [--no-stem]`: one JSON line of ROUGE scores per input pair.
//
//   in:  {"id": "a1", "candidate": "…", "reference": "…"}          (id: string or number, kept as given)
//   out: {"id": "a1", "rouge1": {"p","r","f"}, "rouge2": {…}, "rougeL": {…}, "rougeLsum": {…},
//         "variant": "stemmed" | "no stemming"}
//
// Output follows input order. Blank lines are ignored; any other line that is not a JSON object with
// those fields is reported on `err` as `line N: <reason>` (N counts every input line from 1) and skipped.

import { scoreRouge } from "./rouge";

export interface ScorePairsOptions {
  stem: boolean;
}

export interface ScorePairsSummary {
  scored: number;
  bad: number;
}

type Parsed =
  { ok: true; id: string | number; candidate: string; reference: string } | { ok: false; reason: string };

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

export function parsePairLine(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: `expected a JSON object, got ${describe(value)}` };
  }
  const record = value as Record<string, unknown>;
  const { id, candidate, reference } = record;
  if (!("id" in record)) return { ok: false, reason: 'missing "id"' };
  if (typeof id !== "string" && !(typeof id === "number" && Number.isFinite(id))) {
    return { ok: false, reason: `"id" must be a string or a number, got ${describe(id)}` };
  }
  for (const [name, field] of [
    ["candidate", candidate],
    ["reference", reference],
  ] as const) {
    if (!(name in record)) return { ok: false, reason: `missing "${name}"` };
    if (typeof field !== "string")
      return { ok: false, reason: `"${name}" must be a string, got ${describe(field)}` };
  }
  return { ok: true, id, candidate: candidate as string, reference: reference as string };
}

export async function scorePairLines(
  lines: AsyncIterable<string>,
  out: (line: string) => void,
  err: (line: string) => void,
  options: ScorePairsOptions,
): Promise<ScorePairsSummary> {
  const variant = options.stem ? "stemmed" : "no stemming";
  let lineNumber = 0;
  let scored = 0;
  let bad = 0;
  for await (const raw of lines) {
    lineNumber++;
    const line = lineNumber === 1 && raw.startsWith("\uFEFF") ? raw.slice(1) : raw;
    if (line.trim() === "") continue;
    const parsed = parsePairLine(line);
    if (!parsed.ok) {
      bad++;
      err(`line ${lineNumber}: ${parsed.reason}`);
      continue;
    }
    const scores = scoreRouge(parsed.candidate, parsed.reference, { stem: options.stem });
    out(JSON.stringify({ id: parsed.id, ...scores, variant }));
    scored++;
  }
  return { scored, bad };
}
