// The floor for bench/stream: a bare node:http relay with the app's event contract and nothing
// else (no database, no auth, no Remix). Whatever the app adds beyond this is its own overhead.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export async function startRelay(upstreamUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const { notes } = JSON.parse(body) as { notes: string };
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send("meta", {
      consultationId: randomUUID(),
      summaryId: randomUUID(),
      promptVersion: "v1",
      provider: "relay",
      model: "fake",
    });
    try {
      const upstream = await fetch(`${upstreamUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer relay" },
        body: JSON.stringify({ model: "fake", stream: true, messages: [{ role: "user", content: notes }] }),
        signal: controller.signal,
      });
      let buffer = "";
      for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString("utf8");
        let boundary: number;
        while ((boundary = buffer.indexOf("\n\n")) >= 0) {
          const line = buffer.slice(0, boundary).replace(/^data: /, "");
          buffer = buffer.slice(boundary + 2);
          if (line === "[DONE]") continue;
          const content = (JSON.parse(line) as { choices: Array<{ delta?: { content?: string } }> })
            .choices[0]?.delta?.content;
          if (content) send("delta", { text: content });
        }
      }
      send("done", { status: "complete" });
    } catch {
      send("error", { code: "upstream_error", message: "relay failed", retryable: true });
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
