// One HTTP request through node:http, which (unlike fetch) sends any Host header it is given and
// any method, such as TRACE: for tests of what a browser or an attacker could send.
import { request } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers, agent: false });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The JSON error code of an API error response (`{"error": {"code"}}`). */
export function errorCode(response: RawResponse): string | undefined {
  try {
    return (JSON.parse(response.text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
