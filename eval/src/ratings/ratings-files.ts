import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { EvalDatabase } from "../store/db";
import { addRating, listRatings, ratingInputSchema, type RatingInput } from "../store/ratings";
import type { Rating } from "../store/schema";

export interface RatingFileProblem {
  file: string;
  line: number;
  reason: string;
}

export class RatingFileError extends Error {
  constructor(readonly problems: RatingFileProblem[]) {
    super(
      `Ratings files have ${problems.length} bad line(s); nothing was imported:\n${problems
        .map((problem) => `  ${problem.file}:${problem.line}: ${problem.reason}`)
        .join("\n")}`,
    );
    this.name = "RatingFileError";
  }
}

export function ratingFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Parses every line of every file first; any bad line stops the whole import. */
export function readRatingFiles(files: string[]): RatingInput[] {
  const problems: RatingFileProblem[] = [];
  const inputs: RatingInput[] = [];
  for (const file of files) {
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((text, index) => {
        if (!text.trim()) return;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          problems.push({ file, line: index + 1, reason: "not valid JSON" });
          return;
        }
        const parsed = ratingInputSchema.safeParse(value);
        if (parsed.success) inputs.push(parsed.data);
        else {
          const issue = parsed.error.issues[0]!;
          problems.push({
            file,
            line: index + 1,
            reason: `${issue.path.join(".") || "line"} ${issue.message}`,
          });
        }
      });
  }
  if (problems.length > 0) throw new RatingFileError(problems);
  return inputs;
}

export function importRatingFiles(
  db: EvalDatabase,
  files: string[],
): { added: number; alreadyPresent: number } {
  const inputs = readRatingFiles(files);
  let added = 0;
  db.transaction(() => {
    for (const input of inputs) if (addRating(db, input, "import")) added++;
  });
  return { added, alreadyPresent: inputs.length - added };
}

function toLine(rating: Rating): string {
  return JSON.stringify({
    promptId: rating.promptId,
    promptVersion: rating.promptVersion,
    promptHash: rating.promptHash,
    caseId: rating.caseId,
    outputHash: rating.outputHash,
    rater: rating.rater,
    clarity: rating.clarity,
    comment: rating.comment,
    ratedAt: rating.ratedAt.toISOString(),
  });
}

export function ratingsFileFor(dir: string, promptId: string, version: string): string {
  return path.join(dir, `${promptId}-${version}.jsonl`);
}

/**
 * Writes all ratings of one prompt id's version to its file (never another id's version of the same
 * name). What the file already holds is imported first, so an export never drops ratings someone
 * else committed.
 */
export function exportRatingsFile(
  db: EvalDatabase,
  file: string,
  prompt: { promptId: string; promptVersion: string },
): number {
  if (existsSync(file)) importRatingFiles(db, [file]);
  const rows = listRatings(db, prompt);
  writeFileSync(file, rows.map((row) => `${toLine(row)}\n`).join(""));
  return rows.length;
}
