// A small, strict reader of server-sent events over fetch, for asserting the event contract.
export interface ReceivedEvent {
  event: string;
  data: unknown;
  /** Milliseconds since the request was sent, to show events arrive incrementally. */
  at: number;
}

export interface SseResponse {
  status: number;
  headers: Headers;
  events: ReceivedEvent[];
  /** Resolves when the stream ends, cleanly or not (see `failure`). */
  finished: Promise<void>;
  /** Set when the connection broke instead of the server ending the stream. */
  failure?: Error;
  /** Resolves once an event with this name has arrived (or rejects if the stream ends first). */
  waitFor(event: string, count?: number): Promise<ReceivedEvent>;
  abort(): void;
}

function parseFrame(frame: string): { event: string; data: string } | undefined {
  let event = "message";
  const data: string[] = [];
  for (const line of frame.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  return data.length > 0 ? { event, data: data.join("\n") } : undefined;
}

/** The events of a whole event-stream body (already read to its end). */
export function parseSse(body: string): Array<{ event: string; data: unknown }> {
  return body
    .split("\n\n")
    .map(parseFrame)
    .filter((frame) => frame !== undefined)
    .map(({ event, data }) => ({ event, data: JSON.parse(data) as unknown }));
}

export async function openSse(url: string, init: RequestInit = {}): Promise<SseResponse> {
  const controller = new AbortController();
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: controller.signal });
  const events: ReceivedEvent[] = [];
  const waiters: Array<() => void> = [];
  const notify = () => waiters.splice(0).forEach((wake) => wake());
  let ended = false;

  const result: SseResponse = {
    status: response.status,
    headers: response.headers,
    events,
    finished: Promise.resolve(),
    waitFor,
    abort: () => controller.abort(),
  };
  result.finished = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf("\n\n")) >= 0) {
          const frame = parseFrame(buffer.slice(0, boundary));
          buffer = buffer.slice(boundary + 2);
          if (!frame) continue;
          // JSON.parse throws if a newline ever broke the framing.
          events.push({ event: frame.event, data: JSON.parse(frame.data), at: performance.now() - started });
          notify();
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) result.failure = error as Error;
    } finally {
      ended = true;
      notify();
    }
  })();

  async function waitFor(event: string, count = 1): Promise<ReceivedEvent> {
    for (;;) {
      const matching = events.filter((received) => received.event === event);
      if (matching.length >= count) return matching[count - 1]!;
      if (ended) throw new Error(`stream ended without ${count}× "${event}"; got ${JSON.stringify(events)}`);
      await new Promise<void>((wake) => waiters.push(wake));
    }
  }

  return result;
}

export function deltaText(events: ReceivedEvent[]): string {
  return events
    .filter((received) => received.event === "delta")
    .map((received) => (received.data as { text: string }).text)
    .join("");
}
