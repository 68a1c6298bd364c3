// Many connections at once: thousands of event streams on one summary, and slowloris sockets that
// send a request's headers a line at a time and never finish them. Raw sockets, so a client library's
// own connection limits and timeouts do not shape what the server sees.
import { connect, type Socket } from "node:net";

import { EXAMPLE_CONSULTATION } from "../../../app/consultations/example-consultation.ts";
import { createSummarized, errorCode } from "./app-requests.ts";
import type { Attempt, Shape, ShapeContext } from "./shape-run.ts";

// The zero-size chunk that ends a chunked body (SSE payloads hold no CR, so nothing else matches).
const LAST_CHUNK = "\r\n0\r\n\r\n";
const SLOW_LINE_EVERY_MS = 1_000;

interface Tally {
  counts: Map<string, number>;
  add(what: string): void;
  text(): string;
}

function tally(): Tally {
  const counts = new Map<string, number>();
  return {
    counts,
    add: (what) => void counts.set(what, (counts.get(what) ?? 0) + 1),
    text: () =>
      [...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([what, n]) => `${n.toLocaleString("en")} ${what}`)
        .join(", "),
  };
}

function open(url: string): Socket {
  const { hostname, port } = new URL(url);
  return connect({ host: hostname, port: Number(port) });
}

export const connectionShapes: Shape[] = [
  {
    name: "streams",
    group: "connections",
    async run(context) {
      const { summaryId } = await createSummarized(
        context.url,
        EXAMPLE_CONSULTATION,
        context.options.timeoutMs,
      );
      const count = context.options.streams;
      await context.measure(
        `${count.toLocaleString("en")} × GET /resources/summaries/:id/stream at once (finished summary)`,
        () => openStreams(context, `/resources/summaries/${summaryId}/stream`, count),
      );
    },
  },
  {
    name: "slowloris",
    group: "connections",
    async run(context) {
      const { slowSockets, slowSeconds } = context.options;
      await context.measure(
        `${slowSockets.toLocaleString("en")} slowloris sockets (a header line a second) for ${slowSeconds} s`,
        () => holdSlowSockets(context, slowSockets, slowSeconds * 1000),
      );
    },
  },
];

/** How a stream's response (as latin1 text) ended; undefined while it is still coming. */
function streamOutcome(response: string): string | undefined {
  const headEnd = response.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const length = /^content-length: *(\d+)/im.exec(response.slice(0, headEnd))?.[1];
  const body = response.slice(headEnd + 4);
  const ended = length === undefined ? response.endsWith(LAST_CHUNK) : body.length >= Number(length);
  if (!ended) return undefined;
  const status = response.slice(9, 12);
  if (status !== "200") return [status, errorCode(body)].filter(Boolean).join(" ");
  return body.includes("event: done") ? "200 done" : "200 without done";
}

/** Opens `count` event streams at once and reads each to its end; how they ended, and the most open. */
async function openStreams(context: ShapeContext, path: string, count: number): Promise<Attempt> {
  const host = new URL(context.url).host;
  const request = `GET ${path} HTTP/1.1\r\nhost: ${host}\r\naccept: text/event-stream\r\n\r\n`;
  const outcomes = tally();
  let openNow = 0;
  let mostOpen = 0;
  const sockets: Socket[] = [];
  const ended = Array.from({ length: count }, () => {
    const socket = open(context.url);
    sockets.push(socket);
    let response = "";
    openNow++;
    mostOpen = Math.max(mostOpen, openNow);
    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (outcome: string) => {
        if (settled) return;
        settled = true;
        outcomes.add(outcome);
        openNow--;
        resolve();
      };
      socket.once("connect", () => socket.write(request));
      socket.on("data", (data: Buffer) => {
        response += data.toString("latin1");
        const outcome = streamOutcome(response);
        if (!outcome) return;
        socket.removeAllListeners("close");
        finish(outcome);
      });
      socket.on("error", () => undefined);
      socket.once("close", (hadError) => {
        const status = response.slice(9, 12);
        finish(
          status ? `${status}, closed before the end` : hadError ? "reset or refused" : "closed unanswered",
        );
      });
    });
  });
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    Promise.all(ended).then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), context.options.timeoutMs))),
  ]);
  clearTimeout(timer);
  const ms = performance.now() - started;
  if (timedOut) outcomes.counts.set("still open at the timeout", openNow);
  for (const socket of sockets) socket.destroy();
  return { outcome: outcomes.text(), ms, notes: [`${mostOpen.toLocaleString("en")} streams open at most`] };
}

/**
 * Opens `count` sockets that send a request line and then one more header line a second, never the
 * blank line that ends the headers, for `holdMs`; what the server did with them meanwhile.
 */
async function holdSlowSockets(context: ShapeContext, count: number, holdMs: number): Promise<Attempt> {
  const host = new URL(context.url).host;
  const outcomes = tally();
  let connected = 0;
  const sockets = Array.from({ length: count }, (_, i) => {
    const socket = open(context.url);
    let lines = 0;
    let timer: NodeJS.Timeout | undefined;
    let answered = false;
    socket.once("connect", () => {
      connected++;
      socket.write(`GET /health HTTP/1.1\r\nhost: ${host}\r\n`);
      // Spread the trickle over the second so writes do not come in bursts of `count`.
      const trickle = () => {
        socket.write(`x-slow-${++lines}: ${i}\r\n`);
        timer = setTimeout(trickle, SLOW_LINE_EVERY_MS);
      };
      timer = setTimeout(trickle, (i / count) * SLOW_LINE_EVERY_MS);
    });
    socket.once("data", (data: Buffer) => {
      answered = true;
      outcomes.add(`answered ${data.toString("latin1").slice(9, 12)}`);
    });
    socket.on("error", () => undefined);
    socket.once("close", (hadError) => {
      clearTimeout(timer);
      if (!answered) outcomes.add(hadError ? "reset or refused" : "closed by the server unanswered");
    });
    return { socket, stop: () => clearTimeout(timer) };
  });
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  const stillOpen = sockets.filter(({ socket }) => !socket.destroyed && socket.readyState === "open").length;
  for (const { socket, stop } of sockets) {
    stop();
    socket.removeAllListeners("close");
    socket.destroy();
  }
  const ms = performance.now() - started;
  return {
    outcome: `${connected.toLocaleString("en")} accepted; ${stillOpen.toLocaleString("en")} still open at the end${outcomes.counts.size ? `; ${outcomes.text()}` : ""}`,
    ms,
  };
}
