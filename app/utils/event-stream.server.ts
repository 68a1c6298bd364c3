// Server-sent events through remix-utils' eventStream, with a heartbeat: a comment line
// (`: heartbeat`) every `heartbeatMs` while the stream is open, so a load balancer or proxy never
// sees it idle (an ALB cuts a connection silent for 60 s by default) while the model has not sent
// its first token, or pauses between tokens. EventSource ignores comment lines, even inside an
// event's lines (remix-utils writes an event's "event:" and "data:" lines as two chunks, and a
// heartbeat can fall between them), so the comment ends with one newline: it never ends an event.
import { eventStream as remixEventStream } from "remix-utils/sse/server";

export type SendEvent = (event: { event?: string; data: string }) => void;

export const HEARTBEAT_COMMENT = ": heartbeat\n";

export function eventStream(
  signal: AbortSignal,
  heartbeatMs: number,
  init: (send: SendEvent, close: () => void) => () => void,
): Response {
  const events = remixEventStream(signal, init);
  const reader = events.body!.getReader();
  const heartbeat = new TextEncoder().encode(HEARTBEAT_COMMENT);
  let timer: ReturnType<typeof setInterval> | undefined;
  let open = true;
  const stop = () => {
    open = false;
    clearInterval(timer);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => {
        if (open) controller.enqueue(heartbeat);
      }, heartbeatMs);
      timer.unref();
      void (async () => {
        try {
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
            if (open) controller.enqueue(chunk.value);
          if (open) controller.close();
        } catch (error) {
          if (open) controller.error(error);
        } finally {
          stop();
        }
      })();
    },
    // The client has gone. remix-utils' stream is left to end on the request's abort (which runs
    // `init`'s cleanup); until then what it still writes is read and dropped, never enqueued on a
    // cancelled stream.
    cancel() {
      stop();
    },
  });
  return new Response(body, { headers: events.headers });
}
