/**
 * A fake OpenAI-compatible server for tests, speaking the real wire protocol over node:http on
 * 127.0.0.1 (random port): `POST /v1/chat/completions` (SSE when `stream: true`, JSON otherwise)
 * and `GET /v1/models`. Each chat call takes the next scripted step, or the default step when the
 * queue is empty, and is recorded (body, bearer key, what was sent, whether the client aborted).
 *
 *   const fake = await startFakeOpenAI();
 *   fake.script({ type: "error", status: 429 }, { type: "stream", tokens: ["Hello", " world"] });
 *   const provider = createOpenAIProvider({ apiKey: "sk-test", baseURL: fake.url });
 *   // …or run the built app with OPENAI_BASE_URL=fake.url
 *   expect(fake.calls).toHaveLength(2);
 *   await fake.aborted(1); // resolves once call #1's client went away before the response ended
 *   await fake.close();
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Streams `tokens` as content deltas (or one JSON completion when the request has `stream: false`). */
export interface FakeStreamStep {
  type: "stream";
  tokens: string[];
  /** Pause before every token after the first. Default 0. */
  tokenDelayMs?: number;
  /** Pause between the response headers and the first token. Default 0. */
  firstTokenDelayMs?: number;
  /** Usage to report, or `false` to omit the usage chunk even when requested. Default: computed. */
  usage?: false | { prompt_tokens: number; completion_tokens: number };
  finishReason?: "stop" | "length";
  /** Fail after sending this many tokens (0 = right after the headers and role chunk). */
  failAfterTokens?: number;
  /**
   * How to fail: `destroy` the socket (default; the client sees a connection drop), send an
   * `error-event` (`data: {"error":{…}}`, as OpenAI/vLLM do mid-stream), or `truncate` (end the
   * body cleanly with no finish_reason, usage or [DONE]).
   */
  failMode?: "destroy" | "error-event" | "truncate";
  /** The `error` object of an `error-event`. Default: OpenAI's generic server error. */
  errorEvent?: { message: string; type: string; code: string | null };
}

/** Answers with an OpenAI JSON error body; message/type/code default to OpenAI's for the status. */
export interface FakeErrorStep {
  type: "error";
  status: number;
  message?: string;
  errorType?: string;
  code?: string | null;
  /** Extra response headers. A 429 gets `retry-after: 1` unless overridden here. */
  headers?: Record<string, string>;
}

/** Reads the request and never answers (for request-timeout tests). */
export interface FakeHangStep {
  type: "hang";
}

/** Answers with a redirect to `location` (e.g. a service that has moved). */
export interface FakeRedirectStep {
  type: "redirect";
  status: 301 | 302 | 307 | 308;
  location: string;
}

export type FakeStep = FakeStreamStep | FakeErrorStep | FakeHangStep | FakeRedirectStep;

/** The request body as the fake saw it (only the fields tests usually look at are typed). */
export interface FakeChatRequest {
  model?: string;
  messages?: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  [key: string]: unknown;
}

export type FakeCallOutcome = "pending" | "completed" | "client-aborted" | "server-failed";

export interface RecordedCall {
  /** 0-based position among chat completion calls. */
  index: number;
  /** Bearer token from the Authorization header, or null when there was none. */
  apiKey: string | null;
  body: FakeChatRequest;
  step: FakeStep;
  /** Content deltas actually written to the client. */
  sentTokens: string[];
  outcome: FakeCallOutcome;
  /** True when the client closed the connection before the fake finished (or failed) its response. */
  clientAborted: boolean;
  /** Resolves with the final outcome when the exchange ends. */
  finished: Promise<Exclude<FakeCallOutcome, "pending">>;
}

export interface FakeOpenAIOptions {
  /** Step used when the script queue is empty. Default: a short fixed stream. */
  defaultStep?: FakeStep;
  /** When set, requests with another bearer key get a real-looking 401 (not a scripted step). */
  apiKey?: string;
  /** Model ids listed by GET /v1/models. */
  models?: string[];
}

export interface FakeOpenAI {
  /** Base URL ending in `/v1`, for `baseURL` / OPENAI_BASE_URL. */
  url: string;
  calls: RecordedCall[];
  /** Queues steps for the next calls, in order. */
  script(...steps: FakeStep[]): void;
  setDefault(step: FakeStep): void;
  /** Resolves with call `index` once it has arrived. */
  waitForCall(index: number, timeoutMs?: number): Promise<RecordedCall>;
  /** Resolves once call `index` was aborted by the client; rejects if it ended any other way. */
  aborted(index: number, timeoutMs?: number): Promise<RecordedCall>;
  /** Clears the queue and the recorded calls. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_TOKENS = tokensOf("This is a summary from the fake model.");

/** Splits text into word-sized tokens that concatenate back to it. */
export function tokensOf(text: string): string[] {
  return text.match(/\s*\S+\s*$|\s*\S+/g) ?? [];
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let defaultStep: FakeStep = options.defaultStep ?? { type: "stream", tokens: DEFAULT_FAKE_TOKENS };
  let queue: FakeStep[] = [];
  const calls: RecordedCall[] = [];
  const callWaiters = new Set<() => void>();
  let closing = false;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? "/").split("?")[0];
    const auth = req.headers.authorization;
    const apiKey = auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length) : null;

    if (options.apiKey !== undefined && apiKey !== options.apiKey) {
      return sendError(res, { type: "error", status: 401 }, apiKey, undefined);
    }
    if (req.method === "GET" && path === "/v1/models") {
      const data = (options.models ?? ["fake-model"]).map((id) => ({
        id,
        object: "model",
        created: 0,
        owned_by: "fake",
      }));
      return sendJson(res, 200, { object: "list", data });
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      return sendJson(
        res,
        404,
        openAIError(`Unknown request URL: ${req.method} ${path}.`, "invalid_request_error", "unknown_url"),
      );
    }
    let body: FakeChatRequest;
    try {
      body = JSON.parse(raw) as FakeChatRequest;
    } catch {
      return sendJson(
        res,
        400,
        openAIError("We could not parse the JSON body of your request.", "invalid_request_error", null),
      );
    }

    const step = queue.shift() ?? defaultStep;
    let resolveFinished!: (outcome: Exclude<FakeCallOutcome, "pending">) => void;
    const call: RecordedCall = {
      index: calls.length,
      apiKey,
      body,
      step,
      sentTokens: [],
      outcome: "pending",
      clientAborted: false,
      finished: new Promise((resolve) => (resolveFinished = resolve)),
    };
    calls.push(call);
    for (const notify of callWaiters) notify();

    const settle = (outcome: Exclude<FakeCallOutcome, "pending">) => {
      if (call.outcome !== "pending") return;
      call.outcome = outcome;
      call.clientAborted = outcome === "client-aborted";
      resolveFinished(outcome);
    };
    res.on("close", () => settle(closing ? "server-failed" : "client-aborted"));
    const gone = () => call.outcome !== "pending";

    if (step.type === "hang") return;
    if (step.type === "redirect") {
      res.writeHead(step.status, { location: step.location }).end();
      return settle("completed");
    }
    if (step.type === "error") {
      sendError(res, step, apiKey, body.model);
      return settle("completed");
    }
    if (!body.stream) {
      if (step.failAfterTokens !== undefined) {
        settle("server-failed");
        res.destroy();
        return;
      }
      const text = step.tokens.join("");
      call.sentTokens.push(...step.tokens);
      sendJson(res, 200, {
        id: `chatcmpl-fake-${call.index}`,
        object: "chat.completion",
        created: now(),
        model: body.model ?? "fake-model",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: text, refusal: null },
            logprobs: null,
            finish_reason: step.finishReason ?? "stop",
          },
        ],
        usage: usageFor(step, body),
      });
      return settle("completed");
    }

    const includeUsage = body.stream_options?.include_usage === true;
    const base = {
      id: `chatcmpl-fake-${call.index}`,
      object: "chat.completion.chunk",
      created: now(),
      model: body.model ?? "fake-model",
      system_fingerprint: "fp_fake",
    };
    const frame = (choices: unknown[], usage?: unknown) =>
      `data: ${JSON.stringify({ ...base, choices, ...(includeUsage ? { usage: usage ?? null } : {}) })}\n\n`;
    const deltaChoice = (delta: object, finish: string | null = null) => ({
      index: 0,
      delta,
      logprobs: null,
      finish_reason: finish,
    });

    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-request-id": `req_fake_${call.index}`,
    });
    res.flushHeaders();
    res.write(frame([deltaChoice({ role: "assistant", content: "", refusal: null })]));

    for (let i = 0; i < step.tokens.length; i++) {
      if (step.failAfterTokens !== undefined && i >= step.failAfterTokens) break;
      const pause = i === 0 ? (step.firstTokenDelayMs ?? 0) : (step.tokenDelayMs ?? 0);
      if (pause > 0) await delay(pause);
      if (gone()) return;
      const token = step.tokens[i]!;
      res.write(frame([deltaChoice({ content: token })]));
      call.sentTokens.push(token);
    }
    if (gone()) return;

    if (step.failAfterTokens !== undefined) {
      const mode = step.failMode ?? "destroy";
      // Let what was written reach the client first: destroying drops still-buffered writes.
      await new Promise<void>((resolve) => res.write("", () => resolve()));
      await delay(20);
      if (gone()) return;
      settle("server-failed");
      if (mode === "destroy") {
        res.destroy();
      } else if (mode === "error-event") {
        const { message, type, code } = step.errorEvent ?? {
          message: "The server had an error while processing your request.",
          type: "server_error",
          code: null,
        };
        res.end(`data: ${JSON.stringify(openAIError(message, type, code))}\n\n`);
      } else {
        res.end();
      }
      return;
    }

    res.write(frame([deltaChoice({}, step.finishReason ?? "stop")]));
    const usage = usageFor(step, body);
    if (includeUsage && usage) res.write(frame([], usage));
    settle("completed");
    res.end("data: [DONE]\n\n");
  }

  server.keepAliveTimeout = 1_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const notify = () => {
        const value = check();
        if (value === undefined) return;
        callWaiters.delete(notify);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        callWaiters.delete(notify);
        reject(new Error(`fake OpenAI: timed out waiting for ${what}`));
      }, timeoutMs);
      callWaiters.add(notify);
      notify();
    });
  }

  const fake: FakeOpenAI = {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    script: (...steps) => void queue.push(...steps),
    setDefault: (step) => void (defaultStep = step),
    waitForCall: (index, timeoutMs = 5_000) => waitFor(() => calls[index], timeoutMs, `call #${index}`),
    async aborted(index, timeoutMs = 5_000) {
      const call = await fake.waitForCall(index, timeoutMs);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`fake OpenAI: call #${index} was not aborted in time`)),
          timeoutMs,
        );
      });
      try {
        const outcome = await Promise.race([call.finished, timeout]);
        if (outcome !== "client-aborted")
          throw new Error(`fake OpenAI: call #${index} ended as ${outcome}, not aborted`);
        return call;
      } finally {
        clearTimeout(timer);
      }
    },
    reset() {
      queue = [];
      calls.length = 0;
    },
    async close() {
      closing = true;
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
  return fake;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function openAIError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

function sendError(
  res: ServerResponse,
  step: FakeErrorStep,
  apiKey: string | null,
  model: string | undefined,
): void {
  const defaults = errorDefaults(step.status, apiKey, model ?? "fake-model");
  const headers: Record<string, string> = step.status === 429 ? { "retry-after": "1" } : {};
  sendJson(
    res,
    step.status,
    openAIError(
      step.message ?? defaults.message,
      step.errorType ?? defaults.type,
      step.code !== undefined ? step.code : defaults.code,
    ),
    { ...headers, ...step.headers },
  );
}

function errorDefaults(status: number, apiKey: string | null, model: string) {
  switch (status) {
    case 400:
      return { message: "Invalid request.", type: "invalid_request_error", code: null };
    case 401:
      return {
        message:
          `Incorrect API key provided: ${maskKey(apiKey ?? "")}. ` +
          "You can find your API key at https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
        code: "invalid_api_key",
      };
    case 403:
      return {
        message: `You are not allowed to sample from ${model}.`,
        type: "invalid_request_error",
        code: null,
      };
    case 404:
      return {
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: "invalid_request_error",
        code: "model_not_found",
      };
    case 429:
      return {
        message: `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s.`,
        type: "requests",
        code: "rate_limit_exceeded",
      };
    case 503:
      return {
        message: "The engine is currently overloaded, please try again later.",
        type: "server_error",
        code: null,
      };
    default:
      return status >= 500
        ? {
            message: "The server had an error while processing your request. Sorry about that!",
            type: "server_error",
            code: null,
          }
        : { message: `Fake error ${status}.`, type: "invalid_request_error", code: null };
  }
}

/** Masks a key the way OpenAI does in 401 messages: `sk-ab************wxyz`. */
function maskKey(key: string): string {
  return key.length <= 8
    ? "*".repeat(key.length)
    : `${key.slice(0, 5)}${"*".repeat(key.length - 9)}${key.slice(-4)}`;
}

function usageFor(step: FakeStreamStep, body: FakeChatRequest) {
  if (step.usage === false) return undefined;
  const prompt = step.usage?.prompt_tokens ?? Math.ceil(JSON.stringify(body.messages ?? []).length / 4);
  const completion = step.usage?.completion_tokens ?? step.tokens.length;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
