// Server-sent events with a heartbeat: remix-utils' eventStream (same `init(send, close)` contract)
// plus a comment line (`: heartbeat`) every `heartbeatMs` while the stream is open, so a load
// balancer or proxy never sees it idle (an ALB cuts a connection silent for 60 s by default) while
// the model has not sent its first token, or pauses between tokens. EventSource ignores comments.
// Nothing is written once the stream has closed, whether the server closed it, the request was
// aborted or the reader cancelled it.
export type SendEvent = (event: { event?: string; data: string }) => void;

export const HEARTBEAT_COMMENT = ": heartbeat\n\n";

export function eventStream(
  signal: AbortSignal,
  heartbeatMs: number,
  init: (send: SendEvent, close: () => void) => () => void,
): Response {
  const encoder = new TextEncoder();
  let end = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const send: SendEvent = ({ event = "message", data }) => write(`event: ${event}\ndata: ${data}\n\n`);
      const heartbeat = setInterval(() => write(HEARTBEAT_COMMENT), heartbeatMs);
      heartbeat.unref();
      let cleanup: (() => void) | undefined;
      // One close for every way a stream ends; the controller is closed only when the reader has
      // not cancelled it already.
      const finish = (closeController: boolean) => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        signal.removeEventListener("abort", close);
        cleanup?.();
        if (closeController) controller.close();
      };
      function close() {
        finish(true);
      }
      end = () => finish(false);
      const initCleanup = init(send, close);
      if (closed) initCleanup();
      else cleanup = initCleanup;
      signal.addEventListener("abort", close);
      if (signal.aborted) close();
    },
    cancel() {
      end();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" },
  });
}
