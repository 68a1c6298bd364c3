// The quadratic regular expressions of issue #14, found by the same analysis as `npm run lint`
// (eslint-plugin-regexp): a backtracking search is invisible to work counters, so these checks are
// structural. Each case names the defect and the modules that had it.

import { ESLint } from "eslint";
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({
  cwd: new URL("../..", import.meta.url).pathname,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ["**/*.ts"],
      languageOptions: { parser: tseslint.parser },
      plugins: { regexp: regexp as unknown as ESLint.Plugin },
      rules: { "regexp/no-super-linear-backtracking": "error", "regexp/no-super-linear-move": "error" },
    },
  ],
});

async function superLinearExpressions(files: string[]): Promise<string[]> {
  const results = await eslint.lintFiles(files);
  return results.flatMap((result) =>
    result.messages.map((message) => `${result.filePath}:${message.line} ${message.message}`),
  );
}

describe("no text function uses a super-linear regular expression", () => {
  it.each([
    [
      "the link and emphasis expressions of the text and FHIR exports",
      [
        "app/summaries/exports/summary-sections.ts",
        "app/summaries/exports/markdown-and-plain-text.ts",
        "app/summaries/exports/fhir-composition.ts",
        "app/summaries/exports/loinc-sections.ts",
      ],
    ],
    ["heading and bullet parsing of summaries", ["app/summaries/summary-markdown.ts"]],
    [
      "sentence boundaries and abbreviations in grounding",
      ["packages/core/src/text/grounding.ts", "packages/core/src/text/sentences.ts"],
    ],
    [
      "the embedded writer's clean-up: whitespace before punctuation and n't, trailing punctuation",
      ["packages/core/src/summarizers/embedded/normalize.ts"],
    ],
    [
      "the embedded writer's sentence splitting, notes headings and question tags",
      [
        "packages/core/src/summarizers/embedded/parse-consultation.ts",
        "packages/core/src/summarizers/embedded/select.ts",
      ],
    ],
    [
      "the remaining text modules",
      [
        "packages/core/src/text/*.ts",
        "packages/core/src/facts/*.ts",
        "packages/core/src/summarizers/token-count.ts",
        "packages/core/src/summarizers/embedded/*.ts",
        "packages/core/src/note-formats/*.ts",
        "app/consultations/notes-input.ts",
      ],
    ],
  ])("%s", async (_defect, files) => {
    expect(await superLinearExpressions(files)).toEqual([]);
  });
});
