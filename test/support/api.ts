import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { openSse, type SseResponse } from "./sse";

/** POST /api/consultation with JSON notes; resolves once the event stream has opened. */
export function postConsultationStream(
  baseUrl: string,
  notes: string = EXAMPLE_CONSULTATION,
  headers: Record<string, string> = {},
): Promise<SseResponse> {
  return openSse(`${baseUrl}/api/consultation`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ notes }),
  });
}

/** Starts a summary of the example and waits until it is a few deltas into streaming. */
export async function startStreamingSummary(
  baseUrl: string,
): Promise<{ stream: SseResponse; summaryId: string }> {
  const stream = await postConsultationStream(baseUrl);
  await stream.waitFor("delta", 3);
  return { stream, summaryId: (stream.events[0]!.data as { summaryId: string }).summaryId };
}
