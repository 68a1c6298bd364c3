// One HTTP request on a connection of its own, timed to the end of the response body, with a
// deadline of the caller's choosing (fetch's own 300 s header and body timeouts would cut short
// the slow pages these benches wait for).
import http from "node:http";

export interface TimedResponse {
  /** Absent when no response came (see `error`). */
  status?: number;
  headers: http.IncomingHttpHeaders;
  /** The body as text, when asked for; otherwise only its size. */
  text?: string;
  bytes: number;
  ms: number;
  /** "timeout after N ms", or the socket error's code. */
  error?: string;
}

export interface TimedRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  keepText?: boolean;
}

export function timedRequest(url: string, options: TimedRequestOptions): Promise<TimedResponse> {
  const started = performance.now();
  return new Promise((resolve) => {
    let status: number | undefined;
    let headers: http.IncomingHttpHeaders = {};
    let bytes = 0;
    const chunks: Buffer[] = [];
    const finish = (error?: string) => {
      clearTimeout(timer);
      const text = options.keepText ? Buffer.concat(chunks).toString("utf8") : undefined;
      resolve({ status, headers, text, bytes, ms: performance.now() - started, error });
    };
    const request = http.request(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false },
      (response) => {
        status = response.statusCode;
        headers = response.headers;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (options.keepText) chunks.push(chunk);
        });
        response.on("end", () => finish());
        response.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
      },
    );
    const timer = setTimeout(() => {
      finish(`timeout after ${options.timeoutMs} ms`);
      request.destroy();
    }, options.timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    request.end(options.body);
  });
}
