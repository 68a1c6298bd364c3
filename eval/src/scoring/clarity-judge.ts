import type { SummaryProvider } from "@consult-summary/core/summarizers";

// The rubric raters use, given to a model. Model grades are a cheap signal between human rating
// rounds; the deploy gate only ever counts human ratings.
const RUBRIC = `You grade clinical consultation summaries for clarity, on a 1–5 scale:
5 = a clinician can act on it at a glance: well sectioned, concise, unambiguous, nothing important missing.
4 = clear with minor issues (a wordy bullet, a slightly misplaced fact).
3 = usable but needs effort: some clutter, vague wording or a misplaced section.
2 = hard to use: disorganised, repetitive or missing key facts.
1 = unusable or misleading.
Answer with the single digit only.`;

export class JudgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JudgeError";
  }
}

/** Parses the judge's answer: the first digit 1–5 in it. */
export function parseGrade(answer: string): number {
  const match = /[1-5]/.exec(answer);
  if (!match)
    throw new JudgeError(`The judge answered without a 1–5 grade: ${JSON.stringify(answer.slice(0, 40))}`);
  return Number(match[0]);
}

export function createClarityJudge(provider: SummaryProvider, model: string) {
  return async (notes: string, summary: string, signal: AbortSignal): Promise<number> => {
    const messages = [
      { role: "system" as const, content: RUBRIC },
      {
        role: "user" as const,
        content: `<consultation>\n${notes}\n</consultation>\n\n<summary>\n${summary}\n</summary>\n\nGrade:`,
      },
    ];
    let answer = "";
    for await (const chunk of provider.stream({
      notes,
      sections: [],
      messages,
      model,
      temperature: 0,
      maxOutputTokens: 4,
      signal,
    })) {
      if (chunk.type === "delta") answer += chunk.text;
    }
    return parseGrade(answer);
  };
}
