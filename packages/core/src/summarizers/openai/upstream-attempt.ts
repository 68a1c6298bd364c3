// One call to the model and the reading of its streamed answer, with an idle timer.

import type OpenAI from "openai";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";

import { ChatCompletionEvents, type ChatCompletionPiece } from "../chat-completion-events";
import { SummaryError, type SummaryChunk, type SummaryRequest } from "../types";
import { cancelledError, StreamFailure } from "./error-mapping";
import { seconds, type Settings } from "./settings";

export type { ChatCompletionPiece };

/**
 * One call to the model. Its own controller is aborted by the caller's signal, by the idle timer
 * or when it is closed unfinished; the SDK ties it to the fetch, so the upstream request ends too.
 */
export class UpstreamAttempt {
  private readonly controller = new AbortController();
  private readonly forwardAbort = () => this.controller.abort(this.request.signal.reason);
  private reader?: ReadableStreamDefaultReader<Uint8Array>;
  private events?: ChatCompletionEvents;
  private idleTimer?: NodeJS.Timeout;
  private idleTimedOut = false;
  private ended = false;

  constructor(
    private readonly settings: Settings,
    private readonly request: SummaryRequest,
  ) {
    request.signal.addEventListener("abort", this.forwardAbort, { once: true });
  }

  /** Sends the request; resolves once a successful response has started (the SDK throws APIError otherwise). */
  async open(client: OpenAI): Promise<void> {
    const { request, settings } = this;
    const params: ChatCompletionCreateParamsStreaming = {
      model: request.model,
      messages: request.messages,
      temperature: request.temperature,
      // `max_tokens` rather than `max_completion_tokens`: vLLM, Ollama, llama.cpp and LM Studio all
      // accept it (several older/local servers ignore or reject the newer name); OpenAI still
      // honours it for chat models.
      max_tokens: request.maxOutputTokens,
      stream: true,
      stream_options: { include_usage: true },
    };
    // The raw response: its body is parsed by ChatCompletionEvents (see that file for why).
    const response = await client.chat.completions
      .create(params, { signal: this.controller.signal, timeout: settings.requestTimeoutMs, maxRetries: 0 })
      .asResponse();
    if (!response.body) throw new StreamFailure(new Error("the response has no body"));
    this.events = new ChatCompletionEvents(response.headers);
    this.reader = response.body.getReader();
    this.idleTimer = setTimeout(() => {
      this.idleTimedOut = true;
      this.controller.abort(new Error("idle timeout"));
    }, settings.idleTimeoutMs);
  }

  /** Reads until the response has more text for the caller, or has ended. */
  async read(): Promise<ChatCompletionPiece> {
    const reader = this.reader!;
    const events = this.events!;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        // Bytes already buffered when the request was aborted must not reach the caller.
        if (this.request.signal.aborted) throw cancelledError();
        this.idleTimer!.refresh();
        const piece = done ? events.end() : events.push(value);
        if (piece.ended) this.ended = true;
        if (piece.text || piece.ended) return piece;
      }
    } catch (error) {
      if (this.request.signal.aborted) throw cancelledError();
      if (this.idleTimedOut) {
        throw new SummaryError(
          "upstream_timeout",
          `The AI service stopped sending text for ${seconds(this.settings.idleTimeoutMs)}.`,
        );
      }
      if (error instanceof SummaryError) throw error;
      throw new StreamFailure(error);
    }
  }

  /**
   * The usage a response that has ended reported, if any. Callers estimate it when there is none
   * (they keep the text anyway; a copy here would only hold every token of every stream).
   */
  usage(): SummaryChunk | undefined {
    const { finished, usage } = this.events!;
    if (!finished && !usage) {
      throw new SummaryError(
        "upstream_error",
        "The AI service ended its response before the summary was finished.",
      );
    }
    if (!usage || !Number.isFinite(usage.prompt_tokens) || !Number.isFinite(usage.completion_tokens)) {
      return undefined;
    }
    return {
      type: "usage",
      inputTokens: usage.prompt_tokens,
      outputTokens: usage.completion_tokens,
      estimated: false,
    };
  }

  close(): void {
    clearTimeout(this.idleTimer);
    this.request.signal.removeEventListener("abort", this.forwardAbort);
    if (!this.ended) this.controller.abort();
  }
}
