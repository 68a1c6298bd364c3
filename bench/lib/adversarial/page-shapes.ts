// Pages and downloads built from large or oddly shaped stored text: a consultation page over
// abbreviation-dense notes or a many-line edit, exports of an edit made of brackets, and the
// consultation list over thousands of large consultations.
import { EXAMPLE_CONSULTATION } from "../../../app/consultations/example-consultation.ts";
import { timedRequest } from "../timed-request.ts";
import { createSummarized, describeOutcome, saveEdit, SetupError } from "./app-requests.ts";
import { ABBREVIATIONS, asrTranscript, editWithLines, MAX_CHARACTERS, repeatTo } from "./inputs.ts";
import type { Shape, ShapeContext } from "./shape-run.ts";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A timed GET as one measured request of the shape. */
function measureGet(context: ShapeContext, path: string, label = `GET ${path}`): Promise<void> {
  return context.measure(label, async () => {
    const response = await timedRequest(`${context.url}${path}`, { timeoutMs: context.options.timeoutMs });
    return { outcome: describeOutcome(response), ms: response.ms };
  });
}

/** Saves `text` as the summary's edit (measured), then views the page (measured). */
async function editThenView(context: ShapeContext, text: string, what: string): Promise<void> {
  const ids = await createSummarized(context.url, EXAMPLE_CONSULTATION, context.options.timeoutMs);
  const credentials = await context.credentials();
  await context.measure(`POST /consultations/:id intent=edit (${what})`, async () => {
    const response = await saveEdit(context.url, ids, text, credentials, context.options.timeoutMs);
    return { outcome: describeOutcome(response), ms: response.ms };
  });
  await measureGet(context, `/consultations/${ids.consultationId}`, "GET /consultations/:id (HTML)");
}

const editShape = (lines: number): Shape => ({
  name: `page-edit-${lines}`,
  group: "pages",
  run: (context) => editThenView(context, editWithLines(lines), `${lines.toLocaleString("en")}-line edit`),
});

export const pageShapes: Shape[] = [
  {
    name: "page-abbreviations",
    group: "pages",
    async run(context) {
      const notes = repeatTo(ABBREVIATIONS, MAX_CHARACTERS);
      const { consultationId, ms } = await createSummarized(context.url, notes, context.options.timeoutMs);
      context.note(`setup (API create) ${seconds(ms)}`);
      await measureGet(
        context,
        `/consultations/${consultationId}`,
        "GET /consultations/:id (HTML): notes of abbreviations",
      );
    },
  },
  editShape(3_000),
  editShape(50_000),
  {
    name: "export-brackets",
    group: "exports",
    async run(context) {
      const ids = await createSummarized(context.url, EXAMPLE_CONSULTATION, context.options.timeoutMs);
      const credentials = await context.credentials();
      const text = "[".repeat(MAX_CHARACTERS);
      const saved = await saveEdit(context.url, ids, text, credentials, context.options.timeoutMs);
      if (saved.status !== 200) throw new SetupError(`saving the edit: ${describeOutcome(saved)}`);
      context.note(`setup (edit of 100,000 "[") ${seconds(saved.ms)}`);
      for (const format of ["txt", "fhir"]) {
        await measureGet(
          context,
          `/consultations/${ids.consultationId}/export?format=${format}`,
          `GET export?format=${format}`,
        );
      }
    },
  },
  {
    name: "list",
    group: "list",
    async run(context) {
      const started = performance.now();
      const created = await createLargeConsultations(context, context.options.listSize);
      context.note(
        `setup: ${context.options.listSize.toLocaleString("en")} consultations, ${(created / 1e6).toFixed(0)} M characters, in ${seconds(performance.now() - started)}`,
      );
      await measureGet(
        context,
        "/",
        `GET / (list of ${context.options.listSize.toLocaleString("en")} large consultations)`,
      );
    },
  },
];

const LIST_SETUP_CONCURRENCY = 4;
const LIST_MIN_CHARACTERS = 25_000;

/** `count` consultations of 25,000–100,000 characters through the new-consultation form. */
async function createLargeConsultations(context: ShapeContext, count: number): Promise<number> {
  const credentials = await context.credentials();
  const source = asrTranscript(2 * MAX_CHARACTERS);
  const span = MAX_CHARACTERS - LIST_MIN_CHARACTERS + 1;
  let next = 0;
  let characters = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const length = LIST_MIN_CHARACTERS + ((i * 7_919) % span);
      const offset = (i * 1_237) % MAX_CHARACTERS;
      const notes = source.slice(offset, offset + length);
      characters += notes.length;
      const body = new URLSearchParams({ csrf: credentials.csrf, title: `Consultation ${i + 1}`, notes });
      const response = await timedRequest(`${context.url}/?index`, {
        method: "POST",
        headers: { ...credentials.headers, "content-type": "application/x-www-form-urlencoded" },
        body: body.toString(),
        timeoutMs: context.options.timeoutMs,
      });
      if (response.status !== 302)
        throw new SetupError(`creating consultation ${i + 1}: ${describeOutcome(response)}`);
    }
  };
  await Promise.all(Array.from({ length: LIST_SETUP_CONCURRENCY }, worker));
  return characters;
}
