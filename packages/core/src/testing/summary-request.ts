import type { SummaryRequest } from "../summarizers/types";

/** A complete provider request for tests; the messages carry the notes as a real prompt would. */
export function buildSummaryRequest(overrides: Partial<SummaryRequest> & { notes: string }): SummaryRequest {
  return {
    sections: [{ key: "history_of_present_illness", title: "History of present illness" }],
    messages: [
      { role: "system", content: "Summarise the consultation under the given headings." },
      { role: "user", content: overrides.notes },
    ],
    model: "test-model",
    temperature: 0.2,
    maxOutputTokens: 512,
    signal: new AbortController().signal,
    ...overrides,
  };
}
