// The entry of the text worker threads (see text-pool.server.ts): the CPU-bound text work of a
// request, run here so that no input can hold the server's event loop. Bundled on its own by
// scripts/build-workers.ts into build/workers/text-worker.cjs; relative imports only.
import { writeNote, type NoteFormat } from "@consult-summary/core/note-formats";
import { estimateUsage } from "@consult-summary/core/summarizers";
import type { ChatMessage, SummarySection, TokenUsage } from "@consult-summary/core/summarizers";
import { groundSummary, type ItemGrounding } from "../summaries/summary-grounding";

export interface TextTasks {
  summarize: { input: { notes: string; sections: SummarySection[]; format: NoteFormat }; output: string };
  estimateUsage: { input: { model: string; messages: ChatMessage[]; output: string }; output: TokenUsage };
  groundSummary: { input: { text: string; notes: string; format: NoteFormat }; output: ItemGrounding[] };
}

export type TextTaskName = keyof TextTasks;

export type TextTask = { [Name in TextTaskName]: { name: Name } & TextTasks[Name]["input"] }[TextTaskName];

export default async function runTextTask(task: TextTask): Promise<TextTasks[TextTaskName]["output"]> {
  switch (task.name) {
    case "summarize":
      return writeNote(task.notes, task.sections, task.format);
    case "estimateUsage":
      return estimateUsage(task.model, task.messages, task.output);
    case "groundSummary":
      return groundSummary(task.text, task.notes, undefined, task.format);
  }
}
