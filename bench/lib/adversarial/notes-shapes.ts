// POST /api/consultation with 100,000 characters of each input shape, the event stream read to
// its end.
import { describeOutcome, formatBytes, postNotes } from "./app-requests.ts";
import { NOTES_SHAPES } from "./inputs.ts";
import type { Shape } from "./shape-run.ts";

export const notesShapes: Shape[] = NOTES_SHAPES.map((input) => ({
  name: input.name,
  group: "api",
  async run({ url, options, measure }) {
    const notes = input.notes();
    const bytes = Buffer.byteLength(JSON.stringify({ notes }));
    await measure(`POST /api/consultation: ${input.description}`, async () => {
      const response = await postNotes(url, notes, options.timeoutMs);
      return { outcome: describeOutcome(response), ms: response.ms, notes: [`${formatBytes(bytes)} body`] };
    });
  },
}));
