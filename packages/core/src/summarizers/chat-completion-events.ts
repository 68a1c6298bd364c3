// Reads an OpenAI-compatible chat-completions event stream (SSE) incrementally, byte chunk by
// byte chunk, into the only things a summary needs: text, whether the model finished, usage.
// The SDK's own stream iterator does the same through several async-generator layers per event;
// at thousands of tokens a second that plumbing cost more CPU than everything else in a summary,
// so the provider asks the SDK for the raw response (`asResponse()`) and parses it here. Error
// payloads are raised as the SDK's APIError, exactly as its iterator does.

import { APIError } from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";

/** What one piece of the body completed. */
export interface ChatCompletionPiece {
  /** The content deltas of every event completed by this piece, joined. */
  text: string;
  /** The response said its last word (`[DONE]`, or the body ended). */
  ended: boolean;
}

export class ChatCompletionEvents {
  /** A choice carried a finish_reason. */
  finished = false;
  usage: ChatCompletionChunk["usage"];
  private readonly decoder = new TextDecoder();
  private pending = "";
  private data: string[] = [];
  private eventName = "";
  private sawDone = false;

  constructor(private readonly headers: Headers) {}

  /** Parses the events these bytes complete. Throws APIError for error events, SyntaxError for bad JSON. */
  push(bytes: Uint8Array): ChatCompletionPiece {
    return this.parse(this.pending + this.decoder.decode(bytes, { stream: true }), false);
  }

  /** The body ended: parses whatever is left, as if a blank line followed it. */
  end(): ChatCompletionPiece {
    const piece = this.parse(`${this.pending}${this.decoder.decode()}\n\n`, true);
    return { text: piece.text, ended: true };
  }

  private parse(input: string, final: boolean): ChatCompletionPiece {
    let text = "";
    let start = 0;
    const hasCarriageReturns = input.includes("\r");
    while (!this.sawDone) {
      const newline = hasCarriageReturns ? nextLineBreak(input, start) : input.indexOf("\n", start);
      if (newline < 0) break;
      // A CR as the last character may be the first half of a CRLF still on its way.
      if (input.charCodeAt(newline) === CR && newline === input.length - 1 && !final) break;
      const line = input.slice(start, newline);
      start = newline + (input.charCodeAt(newline) === CR && input.charCodeAt(newline + 1) === LF ? 2 : 1);
      if (line === "") text += this.dispatch();
      else this.field(line);
    }
    this.pending = this.sawDone ? "" : input.slice(start);
    return { text, ended: this.sawDone };
  }

  private field(line: string): void {
    const colon = line.indexOf(":");
    if (colon === 0) return; // a comment (keep-alive)
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === SPACE) value = value.slice(1);
    if (name === "data") this.data.push(value);
    else if (name === "event") this.eventName = value;
  }

  /** Ends the current event; returns the content it carried. */
  private dispatch(): string {
    const eventName = this.eventName;
    const data = this.data.length === 1 ? this.data[0]! : this.data.join("\n");
    const hadData = this.data.length > 0;
    this.data = [];
    this.eventName = "";
    if (!hadData) return "";
    if (data === "[DONE]") {
      this.sawDone = true;
      return "";
    }
    let payload: (Partial<ChatCompletionChunk> & { error?: unknown }) | null;
    try {
      payload = JSON.parse(data) as typeof payload;
    } catch {
      throw new SyntaxError("Error reading response: malformed server-sent event JSON.");
    }
    if (eventName === "error") {
      throw new APIError(undefined, payload?.error ?? payload ?? undefined, undefined, this.headers);
    }
    if (!payload) return "";
    if (payload.error) throw new APIError(undefined, payload.error, undefined, this.headers);
    if (payload.usage) this.usage = payload.usage;
    const choice = payload.choices?.[0];
    if (!choice) return "";
    if (choice.finish_reason) this.finished = true;
    const content = choice.delta?.content;
    return typeof content === "string" ? content : "";
  }
}

const LF = 10;
const CR = 13;
const SPACE = 32;

/** Index of the next CR or LF at or after `from`, or -1. */
function nextLineBreak(input: string, from: number): number {
  const lf = input.indexOf("\n", from);
  const cr = input.indexOf("\r", from);
  if (cr < 0) return lf;
  if (lf < 0) return cr;
  return Math.min(lf, cr);
}
