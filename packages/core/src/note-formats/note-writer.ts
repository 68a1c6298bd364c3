// The summary writer for every note type: a request names its format (from its prompt file); the
// embedded writer arranges its output in that format, a model provider follows the prompt, which
// already asks for it.
import { createEmbeddedProvider, type EmbeddedWork } from "../summarizers/embedded/index";
import { createSummaryProvider, type OpenAISettings } from "../summarizers/registry";
import { estimateUsage } from "../summarizers/token-count";
import {
  SummaryError,
  type SummaryChunk,
  type SummaryProvider,
  type SummaryRequest,
  type SummarySection,
} from "../summarizers/types";
import { DEFAULT_NOTE_FORMAT, NOTE_FORMATS, type NoteFormat } from "./note-format";
import { writeNote } from "./write-note";

export interface NoteRequest extends SummaryRequest {
  /** The shape of the summary; the clinical note when absent. */
  format?: NoteFormat;
}

export interface NoteWriter {
  readonly id: string;
  stream(request: NoteRequest): AsyncIterable<SummaryChunk>;
}

/** Where the embedded writer does its CPU-bound work, in any format (the server: a worker pool). */
export interface NoteFormatWork extends Omit<EmbeddedWork, "summarize"> {
  summarize(
    notes: string,
    sections: SummarySection[],
    signal: AbortSignal,
    format?: NoteFormat,
  ): Promise<string>;
}

const IN_THIS_THREAD: NoteFormatWork = {
  async summarize(notes, sections, _signal, format = DEFAULT_NOTE_FORMAT) {
    try {
      return writeNote(notes, sections, format);
    } catch (error) {
      throw new SummaryError("internal_error", "The embedded summarizer failed.", { cause: error });
    }
  },
  estimateUsage,
};

export type NoteWriterSettings =
  { provider: "embedded"; work?: NoteFormatWork } | { provider: "openai"; openai: OpenAISettings };

/** The embedded provider once per format, each writing that format with the given work. */
function embeddedWriter(work: NoteFormatWork): NoteWriter {
  const byFormat = new Map<NoteFormat, SummaryProvider>(
    NOTE_FORMATS.map((format) => [
      format,
      createEmbeddedProvider({
        summarize: (notes, sections, signal) => work.summarize(notes, sections, signal, format),
        estimateUsage: (model, messages, output) => work.estimateUsage(model, messages, output),
      }),
    ]),
  );
  return {
    id: "embedded",
    stream: (request) => byFormat.get(request.format ?? DEFAULT_NOTE_FORMAT)!.stream(request),
  };
}

export function createNoteWriter(settings: NoteWriterSettings): NoteWriter {
  if (settings.provider === "embedded") return embeddedWriter(settings.work ?? IN_THIS_THREAD);
  return createSummaryProvider(settings);
}
