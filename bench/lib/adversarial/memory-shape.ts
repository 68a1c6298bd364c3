// A form post of hundreds of megabytes with no Content-Length (Transfer-Encoding: chunked), so a
// check of the declared size cannot refuse it: how much the server takes in before it answers,
// and how its memory grows meanwhile.
import { connect, type Socket } from "node:net";

import { formatBytes } from "./app-requests.ts";
import type { Attempt, Shape, ShapeContext } from "./shape-run.ts";

const CHUNK_BYTES = 64 * 1024;
// After the answer, how long to keep reading before closing (the rest of the response).
const AFTER_ANSWER_MS = 200;

export const memoryShape: Shape = {
  name: "memory",
  group: "memory",
  async run(context) {
    const credentials = await context.credentials();
    const totalBytes = context.options.memoryMb * 1e6;
    const head = [
      "POST /?index HTTP/1.1",
      `host: ${new URL(context.url).host}`,
      "content-type: application/x-www-form-urlencoded",
      "transfer-encoding: chunked",
      ...Object.entries(credentials.headers).map(([name, value]) => `${name}: ${value}`),
      "",
      "",
    ].join("\r\n");
    const prefix = `csrf=${encodeURIComponent(credentials.csrf)}&title=big&notes=`;
    await context.measure(`chunked form POST /?index of ${formatBytes(totalBytes)}`, () =>
      postChunked(context, head, prefix, totalBytes),
    );
  },
};

function chunk(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from("\r\n")]);
}

interface Progress {
  sent: number;
  answer?: { status: string; sentBefore: number; ms: number };
  error?: string;
}

async function postChunked(
  context: ShapeContext,
  head: string,
  prefix: string,
  totalBytes: number,
): Promise<Attempt> {
  const started = performance.now();
  const progress: Progress = { sent: 0 };
  const socket = connect({ host: new URL(context.url).hostname, port: Number(new URL(context.url).port) });
  let response = "";
  socket.on("data", (data: Buffer) => {
    if (progress.answer) return;
    response += data.toString("latin1");
    const line = /^HTTP\/1\.1 (\d{3})/.exec(response);
    if (line)
      progress.answer = { status: line[1]!, sentBefore: progress.sent, ms: performance.now() - started };
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", (error: NodeJS.ErrnoException) => (progress.error ??= error.code ?? error.message));
  const deadline = started + context.options.timeoutMs;

  await Promise.race([new Promise((resolve) => socket.once("connect", resolve)), closed]);
  const body = chunk(Buffer.alloc(CHUNK_BYTES, "a"));
  let open = (await write(socket, Buffer.from(head))) && (await write(socket, chunk(Buffer.from(prefix))));
  progress.sent = prefix.length;
  while (open && progress.sent < totalBytes && !progress.answer && performance.now() < deadline) {
    open = await write(socket, body);
    if (open) progress.sent += CHUNK_BYTES;
  }
  if (open && !progress.answer) await write(socket, Buffer.from("0\r\n\r\n"));
  while (
    !progress.answer &&
    !progress.error &&
    socket.readyState !== "closed" &&
    performance.now() < deadline
  ) {
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, AFTER_ANSWER_MS))]);
  socket.destroy();
  return describe(progress, totalBytes, performance.now() - started, context.options.timeoutMs);
}

/** Writes and waits for the socket to take it; false when the socket failed or closed instead. */
function write(socket: Socket, data: Buffer): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(false);
  if (socket.write(data)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      socket.off("drain", onDrain);
      socket.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    socket.on("drain", onDrain);
    socket.on("close", onClose);
  });
}

function describe(progress: Progress, totalBytes: number, ms: number, timeoutMs: number): Attempt {
  const sent = formatBytes(progress.sent);
  if (progress.answer) {
    const { status, sentBefore, ms: at } = progress.answer;
    return {
      outcome: `${status} after ${formatBytes(sentBefore)} of ${formatBytes(totalBytes)}`,
      ms: at,
      notes: [`answered ${(at / 1000).toFixed(1)} s after the first byte`],
    };
  }
  if (progress.error) return { outcome: `${progress.error} after ${sent} sent, no answer`, ms };
  if (ms >= timeoutMs) return { outcome: `no answer in ${timeoutMs / 1000} s (${sent} sent)`, ms };
  return { outcome: `connection closed after ${sent} sent, no answer`, ms };
}
