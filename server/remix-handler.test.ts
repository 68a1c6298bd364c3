// Writing a response body to a client that reads slowly, or goes away.
import { Writable } from "node:stream";

import { describe, expect, it } from "vitest";

import { writeBody } from "./remix-handler";

/** A body of `count` chunks that records how many have been pulled from it, and a cancel. */
function countedBody(count: number) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === count) return controller.close();
        state.pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state };
}

/** A client socket that takes nothing until `release()` is called. */
function stalledClient() {
  const received: number[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const client = new Writable({
    highWaterMark: 4 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk.length);
      void released.then(() => callback());
    },
  });
  return { client, received, release };
}

const turns = (n: number) =>
  new Promise((resolve) => setImmediate(() => (n > 1 ? resolve(turns(n - 1)) : resolve(undefined))));

describe("writeBody", () => {
  it("pulls no more of the body than the client's buffer holds until the client takes it", async () => {
    const { body, state } = countedBody(1_000);
    const { client, received, release } = stalledClient();
    const writing = writeBody(body, client);
    await turns(20);
    // One chunk in the client, four in its 4 KiB buffer, one waiting to be written: not 1,000.
    expect(state.pulled).toBeLessThanOrEqual(6);
    expect(received.length).toBe(1);
    release();
    await writing;
    expect(state.pulled).toBe(1_000);
    expect(received.length).toBe(1_000);
  });

  it("cancels the body when the client goes away while it waits", async () => {
    const { body, state } = countedBody(1_000);
    const { client } = stalledClient();
    const writing = writeBody(body, client);
    await turns(20);
    client.destroy();
    await writing;
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(6);
  });
});
