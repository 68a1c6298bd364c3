import { describe, expect, it } from "vitest";

import { eventStream, HEARTBEAT_COMMENT } from "./event-stream.server";

const decoder = new TextDecoder();
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("eventStream", () => {
  it("writes events and a heartbeat comment while open", async () => {
    let closeStream = () => {};
    const response = eventStream(new AbortController().signal, 5, (send, close) => {
      send({ event: "meta", data: "{}" });
      closeStream = close;
      return () => {};
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    // Read until a heartbeat has come (however long the event loop was busy), then end the stream.
    const reader = response.body!.getReader();
    let body = "";
    while (!body.includes(HEARTBEAT_COMMENT)) body += decoder.decode((await reader.read()).value);
    closeStream();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      body += decoder.decode(chunk.value);
    expect(body.startsWith("event: meta\ndata: {}\n\n")).toBe(true);
  });

  it("stops its heartbeat and runs the cleanup once, however the stream ends", async () => {
    for (const end of ["abort", "cancel"] as const) {
      const abort = new AbortController();
      let cleanups = 0;
      const response = eventStream(abort.signal, 5, () => () => cleanups++);
      const reader = response.body!.getReader();
      expect(decoder.decode((await reader.read()).value)).toBe(HEARTBEAT_COMMENT);
      if (end === "abort") abort.abort();
      else await reader.cancel();
      // A heartbeat written after the end would throw "Invalid state: Controller is already closed".
      await wait(30);
      abort.abort();
      expect(cleanups, end).toBe(1);
      if (end === "abort") {
        // Whatever was queued before the abort, the stream then ends.
        while (!(await reader.read()).done);
      }
    }
  });
});
