// What one request can make the server do: methods it does not serve, bodies larger than any
// consultation (chunked or not), connections held open by slow senders or by the thousand.
import { connect, type Socket } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { processUsage } from "../../bench/lib/process-usage";
import { startAppServer, type AppServer } from "../support/app-server";
import { pollUntil, withDeadline } from "../support/deadlines";
import { errorCode, httpRequest } from "../support/http-request";

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0", MAX_CONNECTIONS: "64" } });
});

afterAll(async () => {
  await server?.stop();
});

function openSocket(): Promise<Socket> {
  const { port, hostname } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** What the server sent on a socket: so far, and once it closes the socket. */
function answerOn(socket: Socket): { soFar(): string; closed: Promise<string> } {
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  socket.on("error", () => undefined);
  return {
    soFar: () => received,
    closed: new Promise((resolve) => socket.once("close", () => resolve(received))),
  };
}

function closed(socket: Socket): Promise<string> {
  return answerOn(socket).closed;
}

describe("methods", () => {
  it("answers TRACE, PUT, DELETE, PATCH and OPTIONS with 405 JSON on any route, and logs no stack", async () => {
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      for (const path of ["/", "/api/consultation", "/consultations/x", "/health"]) {
        const response = await httpRequest(`${server.url}${path}`, { method });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(errorCode(response)).toBe("method_not_allowed");
        expect(response.headers.allow).toBe("GET, HEAD, POST");
      }
    }
    expect(server.output()).not.toMatch(/\n\s+at /);
  });
});

describe("request bodies", () => {
  it("refuses a chunked form post at the size limit, before reading it all or checking its token", async () => {
    const before = processUsage(server.process.pid!);
    const socket = await openSocket();
    const answer = answerOn(socket);
    socket.write(
      "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    // Up to 300 MB in 1 MB chunks, until the server answers.
    const chunk = Buffer.alloc(1024 * 1024, "a");
    let sent = 0;
    while (sent < 300 && socket.writable && !answer.soFar().includes("\r\n\r\n")) {
      const drained = socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`);
      sent++;
      if (!drained) {
        await Promise.race([
          new Promise((resolve) => socket.once("drain", resolve)),
          new Promise((resolve) => socket.once("close", resolve)),
        ]);
      }
    }
    await pollUntil(async () => answer.soFar().includes("body_too_large"), 30_000, "the 413's body");
    socket.destroy();
    expect(answer.soFar()).toMatch(/^HTTP\/1\.1 413 /);
    expect(sent).toBeLessThan(300);
    const after = processUsage(server.process.pid!);
    // The server held at most a few megabytes of it: its peak grew by far less than the 300 MB.
    expect(after.peakRssBytes - before.peakRssBytes).toBeLessThan(32 * 1024 * 1024);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("refuses a declared length over the limit at once", async () => {
    const socket = await openSocket();
    const answer = answerOn(socket);
    socket.write(
      "POST /api/consultation HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 314572800\r\n\r\n{",
    );
    await pollUntil(async () => answer.soFar().includes("body_too_large"), 30_000, "the 413's body");
    socket.destroy();
    expect(answer.soFar()).toMatch(/^HTTP\/1\.1 413 /);
  });
});

describe("connections", () => {
  it("closes a connection whose headers do not arrive in time (slowloris)", async () => {
    const socket = await openSocket();
    const answer = closed(socket);
    socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n");
    const trickle = setInterval(() => socket.writable && socket.write("X-Slow: 1\r\n"), 1_000);
    try {
      const received = await withDeadline(answer, 30_000, "the server to close the slow connection");
      expect(received).not.toContain("200 OK");
    } finally {
      clearInterval(trickle);
    }
  });

  it("accepts no more than MAX_CONNECTIONS at once, and serves again once they close", async () => {
    const held = await Promise.all(Array.from({ length: 64 }, () => openSocket()));
    const refused = await openSocket();
    const refusedAnswer = await withDeadline(closed(refused), 10_000, "the extra connection to be closed");
    expect(refusedAnswer).toBe("");
    for (const socket of held) socket.destroy();
    await pollUntil(
      async () => (await fetch(`${server.url}/health`).catch(() => undefined))?.status === 200,
      10_000,
      "/health to answer again",
    );
  });
});
