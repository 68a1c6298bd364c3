// The load client's one request, over raw keep-alive sockets: it writes pre-built request bytes and
// watches the response bytes for the first token, the success marker and the end of the chunked
// body, without an HTTP parser, event decoding or an allocation per read (every socket reads into
// one shared buffer). Reading thousands of streams then costs the client little, so its own delays
// stay out of the figures.
import { connect, type Socket } from "node:net";

export interface Timing {
  /** From the request's intended start (its open-loop arrival time) to the first token. */
  ttft: number;
  /** From the intended start to the end of the response. */
  total: number;
}

/** What a stream looks like on the wire: where its first token and its successful end show. */
export interface StreamShape {
  path: string;
  headers: Record<string, string>;
  body: string;
  firstToken: Buffer;
  success: Buffer;
}

const NOTES = "Doctor: What brings you in?\nPatient: A cough for ten days and a fever of 38.6.";

/** The app's (and the relay's) POST /api/consultation: `event: delta` frames, then `event: done`. */
export const consultationStream: StreamShape = {
  path: "/api/consultation",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ notes: NOTES }),
  firstToken: Buffer.from("event: delta"),
  success: Buffer.from("event: done"),
};

/** The upstream's chat completions: the first chunk whose delta has content, then `[DONE]`. */
export const chatCompletionStream: StreamShape = {
  path: "/chat/completions",
  headers: { "content-type": "application/json", authorization: "Bearer bench" },
  body: JSON.stringify({
    model: "gpt-4o-mini",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: NOTES }],
  }),
  firstToken: Buffer.from('{"content":"'),
  success: Buffer.from("data: [DONE]"),
};

const STATUS_OK = Buffer.from("HTTP/1.1 200 ");
// The zero-size chunk that ends a chunked body, after the previous chunk's CRLF. SSE payloads end
// in "\n\n" and hold no CR, so these bytes cannot end a read anywhere else.
const LAST_CHUNK = Buffer.from("\r\n0\r\n\r\n");
const TAIL_BYTES = 2048;
const READ_BUFFER = Buffer.alloc(256 * 1024);

interface Exchange {
  shape: StreamShape;
  intendedStart: number;
  ttft: number;
  /** Response bytes until the first token is found (the status line and the first frames). */
  head: Buffer;
  /** The last bytes read, for the success marker; `tailLength` of them are valid. */
  tail: Buffer;
  tailLength: number;
  resolve(timing: Timing): void;
  reject(error: Error): void;
}

interface PooledSocket {
  socket: Socket;
  exchange?: Exchange;
}

/** Keep-alive connections to one server, one exchange at a time each, no pipelining. */
export class StreamClient {
  private idle: PooledSocket[] = [];
  private all = new Set<PooledSocket>();
  private readonly host: string;
  private readonly port: number;
  private readonly basePath: string;
  private readonly requests = new Map<StreamShape, Buffer>();
  private readonly timeoutMs: number;

  constructor(baseUrl: string, timeoutMs: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.basePath = url.pathname.replace(/\/$/, "");
    this.timeoutMs = timeoutMs;
  }

  time(shape: StreamShape, intendedStart: number): Promise<Timing> {
    return new Promise((resolve, reject) => {
      const pooled = this.idle.pop() ?? this.open();
      pooled.exchange = {
        shape,
        intendedStart,
        ttft: -1,
        head: Buffer.alloc(0),
        tail: Buffer.allocUnsafe(TAIL_BYTES),
        tailLength: 0,
        resolve,
        reject,
      };
      pooled.socket.write(this.requestBytes(shape));
    });
  }

  close(): void {
    for (const pooled of this.all) pooled.socket.destroy();
    this.all.clear();
    this.idle = [];
  }

  private requestBytes(shape: StreamShape): Buffer {
    let bytes = this.requests.get(shape);
    if (!bytes) {
      const body = Buffer.from(shape.body);
      const headers = Object.entries({ ...shape.headers, "content-length": String(body.length) })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join("");
      const head = `POST ${this.basePath}${shape.path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\n${headers}connection: keep-alive\r\n\r\n`;
      bytes = Buffer.concat([Buffer.from(head), body]);
      this.requests.set(shape, bytes);
    }
    return bytes;
  }

  private open(): PooledSocket {
    const pooled = {} as PooledSocket;
    pooled.socket = connect({
      host: this.host,
      port: this.port,
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (length: number) => {
          this.onRead(pooled, length);
          return true;
        },
      },
    });
    pooled.socket.setTimeout(this.timeoutMs, () => pooled.socket.destroy(new Error("timeout")));
    pooled.socket.on("error", (error) => this.fail(pooled, error));
    pooled.socket.on("close", () => this.fail(pooled, new Error("connection closed early")));
    this.all.add(pooled);
    return pooled;
  }

  private onRead(pooled: PooledSocket, length: number): void {
    const exchange = pooled.exchange;
    if (!exchange) return;
    const data = READ_BUFFER.subarray(0, length);
    if (exchange.ttft < 0) {
      exchange.head = Buffer.concat([exchange.head, data]);
      if (
        exchange.head.length >= STATUS_OK.length &&
        !exchange.head.subarray(0, STATUS_OK.length).equals(STATUS_OK)
      ) {
        const status = exchange.head.subarray(9, 12).toString();
        pooled.socket.destroy();
        return this.fail(pooled, new Error(`status ${status}`));
      }
      if (exchange.head.includes(exchange.shape.firstToken)) {
        exchange.ttft = performance.now() - exchange.intendedStart;
      }
      this.keepTail(exchange, exchange.head);
    } else {
      this.keepTail(exchange, data);
    }
    const tail = exchange.tail.subarray(0, exchange.tailLength);
    if (
      tail.length >= LAST_CHUNK.length &&
      tail.subarray(tail.length - LAST_CHUNK.length).equals(LAST_CHUNK)
    ) {
      this.finish(pooled, exchange, tail);
    }
  }

  /** Keeps the last TAIL_BYTES bytes read, copying into the exchange's own buffer. */
  private keepTail(exchange: Exchange, data: Buffer): void {
    if (data.length >= TAIL_BYTES) {
      data.copy(exchange.tail, 0, data.length - TAIL_BYTES);
      exchange.tailLength = TAIL_BYTES;
      return;
    }
    const keep = Math.min(exchange.tailLength, TAIL_BYTES - data.length);
    exchange.tail.copy(exchange.tail, 0, exchange.tailLength - keep, exchange.tailLength);
    data.copy(exchange.tail, keep);
    exchange.tailLength = keep + data.length;
  }

  private finish(pooled: PooledSocket, exchange: Exchange, tail: Buffer): void {
    const total = performance.now() - exchange.intendedStart;
    pooled.exchange = undefined;
    this.idle.push(pooled);
    if (exchange.ttft < 0) exchange.reject(new Error("no token"));
    else if (!tail.includes(exchange.shape.success))
      exchange.reject(new Error("stream did not end successfully"));
    else exchange.resolve({ ttft: exchange.ttft, total });
  }

  private fail(pooled: PooledSocket, error: Error): void {
    this.all.delete(pooled);
    this.idle = this.idle.filter((candidate) => candidate !== pooled);
    const exchange = pooled.exchange;
    pooled.exchange = undefined;
    exchange?.reject(error);
  }
}
