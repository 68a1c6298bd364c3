// The app's endpoints as the adversarial bench calls them, each on a connection of its own with
// the bench's deadline, and what a response's outcome was in a few words.
import type { MetaEventData } from "../../../app/summaries/summary-events.ts";
import { parseSse } from "../../../test/support/sse.ts";
import { timedRequest, type TimedResponse } from "../timed-request.ts";

const PAGE_ACTION_DATA = "_data=routes%2Fconsultations.%24consultationId";

export interface FormCredentials {
  headers: Record<string, string>;
  csrf: string;
}

export function postNotes(url: string, notes: string, timeoutMs: number): Promise<TimedResponse> {
  return timedRequest(`${url}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ notes }),
    timeoutMs,
    keepText: true,
  });
}

/** The consultation page's edit action, as the page's own form sends it (a data request, no HTML). */
export function saveEdit(
  url: string,
  ids: { consultationId: string; summaryId: string },
  text: string,
  credentials: FormCredentials,
  timeoutMs: number,
): Promise<TimedResponse> {
  const body = new URLSearchParams({
    csrf: credentials.csrf,
    intent: "edit",
    summaryId: ids.summaryId,
    text,
  });
  return timedRequest(`${url}/consultations/${ids.consultationId}?${PAGE_ACTION_DATA}`, {
    method: "POST",
    headers: { ...credentials.headers, "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
    timeoutMs,
    keepText: true,
  });
}

export class SetupError extends Error {}

/** Creates a consultation through the API and reads its summary to the end. */
export async function createSummarized(
  url: string,
  notes: string,
  timeoutMs: number,
): Promise<{ consultationId: string; summaryId: string; ms: number }> {
  const response = await postNotes(url, notes, timeoutMs);
  const meta = firstEventData(response.text ?? "", "meta") as MetaEventData | undefined;
  if (!meta || terminalEvent(response.text ?? "") !== "done") {
    throw new SetupError(`creating a consultation: ${describeOutcome(response)}`);
  }
  return { consultationId: meta.consultationId, summaryId: meta.summaryId, ms: response.ms };
}

export function describeOutcome(response: TimedResponse): string {
  if (response.status === undefined) return `no answer: ${response.error}`;
  const parts = [String(response.status)];
  const type = String(response.headers["content-type"] ?? "");
  if (type.startsWith("text/event-stream")) parts.push(terminalEvent(response.text ?? "") ?? "no done");
  else if (type.startsWith("application/json") && response.status >= 400)
    parts.push(errorCode(response.text) ?? "");
  else parts.push(formatBytes(response.bytes));
  if (response.error) parts.push(`then ${response.error}`);
  return parts.filter(Boolean).join(", ");
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** The code of an API error body (`{"error": {"code"}}`), if it is one. */
export function errorCode(text: string | undefined): string | undefined {
  try {
    return (JSON.parse(text ?? "") as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** The events of a response body, as far as they parse (a timed-out stream may end mid-event). */
function events(text: string): Array<{ event: string; data: unknown }> {
  const complete = text.slice(0, text.lastIndexOf("\n\n") + 2);
  return parseSse(complete);
}

function firstEventData(text: string, event: string): unknown {
  return events(text).find((candidate) => candidate.event === event)?.data;
}

/** "done", or "error <code>" for an error event, or undefined when the stream has neither. */
function terminalEvent(text: string): string | undefined {
  const last = events(text).findLast((frame) => frame.event === "done" || frame.event === "error");
  if (!last) return undefined;
  if (last.event === "done") return "done";
  return `error ${(last.data as { code?: string }).code}`;
}
