// Serves the Remix build from Express. Unlike @remix-run/express's handler, which hands Remix the
// raw request stream, this one reads the body first, refusing it with 413 as soon as more than
// the limit has arrived (chunked or not), so nothing — form parsing, the CSRF check, a route — ever
// holds more than the limit of one request in memory; and it writes a response only as fast as
// the client takes it.
import type { Writable } from "node:stream";

import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type express from "express";

export interface RemixHandlerOptions {
  build: ServerBuild;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  getLoadContext(req: express.Request, res: express.Response): AppLoadContext;
}

class BodyTooLarge extends Error {}
class ClientGone extends Error {}

/** The request body; BodyTooLarge once more than `maxBytes` have arrived, ClientGone if cut short. */
function readBody(req: express.Request, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > maxBytes) {
        cleanup();
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onGone = () => {
      cleanup();
      reject(new ClientGone());
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onGone);
  });
}

/** The Host header when it is a well-formed host (the host guard has checked which ones are served). */
function hostOf(req: express.Request): string {
  const host = req.headers.host ?? "";
  return URL.canParse(`http://${host}/`) && host !== "" ? host : "localhost";
}

function requestHeaders(req: express.Request): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

// The rest of the body is never read. The answer goes out at once, and the connection is closed
// a moment later: closing it at once, with the client's body unread, would reset it before the
// client had read the answer.
const LINGER_MS = 1_000;

function refuseTooLarge(res: express.Response, maxBytes: number): void {
  const body = JSON.stringify({
    error: { code: "body_too_large", message: `Requests are limited to ${maxBytes} bytes.` },
  });
  res.writeHead(413, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    Connection: "close",
  });
  res.write(body);
  setTimeout(() => res.end(), LINGER_MS);
}

/** Resolves once `res` wants more (true), or once the connection is gone (false). */
function drained(res: Writable): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (more: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(more);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    res.once("drain", onDrain);
    res.once("close", onClose);
  });
}

/**
 * Writes a response body, reading its next chunk only once the client has taken the last: a slow
 * client makes the server wait, never buffer (a long CSV export, say). A client that goes away
 * cancels the body.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, res: Writable): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value) && !(await drained(res))) {
        await reader.cancel();
        return;
      }
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}

async function sendResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeBody(response.body, res);
  else res.end();
}

export function remixHandler({ build, maxBodyBytes, getLoadContext }: RemixHandlerOptions): express.Handler {
  const handleRequest = createRequestHandler(build, "production");
  return async (req, res, next) => {
    try {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      let body: Buffer | undefined;
      if (hasBody) {
        try {
          body = await readBody(req, maxBodyBytes);
        } catch (error) {
          if (error instanceof BodyTooLarge) return refuseTooLarge(res, maxBodyBytes);
          if (error instanceof ClientGone) return undefined;
          throw error;
        }
      }
      // Remix stops loaders and actions once the response can no longer be written.
      const controller = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const request = new Request(`${req.protocol}://${hostOf(req)}${req.originalUrl}`, {
        method: req.method,
        headers: requestHeaders(req),
        // Buffer.concat allocates an ArrayBuffer, never a SharedArrayBuffer.
        body: body as Uint8Array<ArrayBuffer> | undefined,
        signal: controller.signal,
      });
      await sendResponse(res, await handleRequest(request, getLoadContext(req, res)));
    } catch (error) {
      next(error);
    }
  };
}
