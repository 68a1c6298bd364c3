// A lean OpenAI-compatible streaming upstream for bench/stream. Every stream sends the same chunks,
// pre-serialised with their HTTP chunked framing, paced by one shared 1 ms ticker instead of a
// timer per stream, and written straight to the socket (a minimal HTTP/1.1 server over node:net,
// keep-alive, no pipelining). Node accepts one pending connection per event-loop turn, so the turns
// must stay short for new streams to be accepted on time, even with thousands open: hence no
// node:http machinery per write.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface PacedUpstreamOptions {
  tokens: number;
  tokenDelayMs: number;
}

interface OpenStream {
  socket: Socket;
  /** Tokens sent so far. */
  sent: number;
  /** Whole millisecond (on the ticker's clock) at which the next chunk is due. */
  dueMs: number;
  withUsage: boolean;
}

const TOKEN = "word ";
const HEADER_END = Buffer.from("\r\n\r\n");

/** One SSE event as an HTTP/1.1 chunk. */
function chunked(text: string): Buffer {
  const body = Buffer.from(text);
  return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n")]);
}

function completionChunk(choices: unknown[], usage?: unknown): string {
  const body = {
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 0,
    model: "fake-model",
    system_fingerprint: "fp_bench",
    choices,
    ...(usage === undefined ? {} : { usage }),
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

function choice(delta: object, finishReason: string | null = null) {
  return { index: 0, delta, logprobs: null, finish_reason: finishReason };
}

function wireBytes(tokens: number) {
  const head =
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\n" +
    "connection: keep-alive\r\ntransfer-encoding: chunked\r\n\r\n";
  const finish = chunked(completionChunk([choice({}, "stop")]));
  const usage = chunked(
    completionChunk([], { prompt_tokens: 40, completion_tokens: tokens, total_tokens: 40 + tokens }),
  );
  const done = Buffer.concat([chunked("data: [DONE]\n\n"), Buffer.from("0\r\n\r\n")]);
  return {
    start: Buffer.concat([
      Buffer.from(head),
      chunked(completionChunk([choice({ role: "assistant", content: "", refusal: null })])),
    ]),
    token: chunked(completionChunk([choice({ content: TOKEN })])),
    endWithUsage: Buffer.concat([finish, usage, done]),
    end: Buffer.concat([finish, done]),
    notFound: Buffer.from("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: keep-alive\r\n\r\n"),
  };
}

/** Reads one request at a time off a keep-alive socket and hands over its start line and body. */
function readRequests(socket: Socket, onRequest: (startLine: string, body: string) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on("data", (data: Buffer) => {
    pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
    for (;;) {
      const headerEnd = pending.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const head = pending.subarray(0, headerEnd).toString("latin1");
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const bodyStart = headerEnd + HEADER_END.length;
      if (pending.length < bodyStart + length) return;
      const body = pending.subarray(bodyStart, bodyStart + length).toString("utf8");
      pending = pending.subarray(bodyStart + length);
      onRequest(head.slice(0, head.indexOf("\r\n")), body);
    }
  });
}

export async function startPacedUpstream(
  options: PacedUpstreamOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const bytes = wireBytes(options.tokens);
  const period = Math.max(1, Math.round(options.tokenDelayMs));
  // One bucket per millisecond of the period: a stream stays in the bucket it arrived in, so each
  // tick touches only the streams due in that millisecond.
  const buckets: Set<OpenStream>[] = Array.from({ length: period }, () => new Set());
  const epoch = performance.now();
  const nowMs = () => Math.floor(performance.now() - epoch);
  let lastTickMs = nowMs();
  const sockets = new Set<Socket>();

  const ticker = setInterval(() => {
    const now = nowMs();
    // Catch up on every millisecond since the last tick, so a late tick delays but never skips.
    for (let ms = lastTickMs + 1; ms <= now; ms++) {
      const bucket = buckets[ms % period]!;
      for (const stream of bucket) {
        if (stream.socket.destroyed) bucket.delete(stream);
        else if (stream.dueMs <= ms) sendNext(stream, bucket);
      }
    }
    lastTickMs = now;
  }, 1);

  function sendNext(stream: OpenStream, bucket: Set<OpenStream>): void {
    if (stream.sent < options.tokens) {
      stream.socket.write(bytes.token);
      stream.sent++;
      stream.dueMs += period;
      return;
    }
    bucket.delete(stream);
    stream.socket.write(stream.withUsage ? bytes.endWithUsage : bytes.end);
  }

  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    readRequests(socket, (startLine, body) => {
      if (!/^POST \S*\/chat\/completions /.test(startLine)) {
        socket.write(bytes.notFound);
        return;
      }
      const arrivedMs = nowMs();
      socket.write(bytes.start);
      buckets[arrivedMs % period]!.add({
        socket,
        sent: 0,
        dueMs: arrivedMs + period,
        withUsage: body.includes('"include_usage":true'),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise((resolve) => {
        clearInterval(ticker);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
