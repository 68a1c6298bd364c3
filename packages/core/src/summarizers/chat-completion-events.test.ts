import { APIError } from "openai";
import { describe, expect, it } from "vitest";

import { ChatCompletionEvents, type ChatCompletionPiece } from "./chat-completion-events";

const encoder = new TextEncoder();

function chunk(choice: object | null, extra: object = {}): string {
  const choices = choice ? [{ index: 0, logprobs: null, finish_reason: null, ...choice }] : [];
  return `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices, ...extra })}\n\n`;
}

const BODY =
  chunk({ delta: { role: "assistant", content: "" } }) +
  chunk({ delta: { content: "Héllo, " } }) +
  ": keep-alive comment\n\n" +
  chunk({ delta: { content: "wörld ✓" } }) +
  chunk({ delta: {}, finish_reason: "stop" }) +
  chunk(null, { usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } }) +
  "data: [DONE]\n\n";

/** Feeds `bytes` in pieces cut at `cuts` (byte offsets), then ends the body. */
function feed(bytes: Uint8Array, cuts: number[]) {
  const events = new ChatCompletionEvents(new Headers());
  const pieces: ChatCompletionPiece[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(events.push(bytes.subarray(start, cut)));
    start = cut;
  }
  pieces.push(events.end());
  return { events, pieces, text: pieces.map((piece) => piece.text).join("") };
}

describe("ChatCompletionEvents", () => {
  it("reads content, finish and usage from a whole body", () => {
    const { events, pieces, text } = feed(encoder.encode(BODY), []);
    expect(text).toBe("Héllo, wörld ✓");
    expect(pieces[0]).toEqual({ text: "Héllo, wörld ✓", ended: true });
    expect(events.finished).toBe(true);
    expect(events.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 3 });
  });

  it("gives the same result however the bytes are cut, even inside a character or a CRLF", () => {
    const bytes = encoder.encode(BODY.replaceAll("\n", "\r\n"));
    for (let cut = 1; cut < bytes.length; cut++) {
      const { text, events } = feed(bytes, [cut]);
      expect(text, `cut at byte ${cut}`).toBe("Héllo, wörld ✓");
      expect(events.usage?.completion_tokens).toBe(3);
    }
    const everyByte = feed(
      bytes,
      [...Array(bytes.length - 1).keys()].map((index) => index + 1),
    );
    expect(everyByte.text).toBe("Héllo, wörld ✓");
  });

  it("accepts bare CR line ends, data without a space and data split over several lines", () => {
    const multiLine = 'data:{"choices":[{"index":0,\ndata: "delta":{"content":"a\\nb"}}]}\n\n';
    const { text } = feed(encoder.encode(`${multiLine.replaceAll("\n", "\r")}data: [DONE]\r\r`), []);
    expect(text).toBe("a\nb");
  });

  it("ignores whatever follows [DONE]", () => {
    const { text, pieces } = feed(encoder.encode(`${BODY}${chunk({ delta: { content: "late" } })}`), []);
    expect(text).toBe("Héllo, wörld ✓");
    expect(pieces[0]!.ended).toBe(true);
  });

  it("reports a body that ends without [DONE] as ended, keeping a last event without its blank line", () => {
    const body = chunk({ delta: { content: "partial" } }).trimEnd();
    const { text, pieces, events } = feed(encoder.encode(body), []);
    expect(text).toBe("partial");
    expect(pieces.at(-1)!.ended).toBe(true);
    expect(events.finished).toBe(false);
  });

  it("raises an error payload as the SDK's APIError, as the SDK's own stream does", () => {
    const events = new ChatCompletionEvents(new Headers({ "x-request-id": "req_1" }));
    const error = (() => {
      try {
        events.push(encoder.encode('data: {"error":{"message":"overloaded","type":"server_error"}}\n\n'));
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBeUndefined();
    expect((error as APIError).message).toContain("overloaded");

    const named = new ChatCompletionEvents(new Headers());
    expect(() => named.push(encoder.encode('event: error\ndata: {"message":"bad"}\n\n'))).toThrow(APIError);
  });

  it("raises a SyntaxError for data that is not JSON", () => {
    const events = new ChatCompletionEvents(new Headers());
    expect(() => events.push(encoder.encode("data: {not json\n\n"))).toThrow(SyntaxError);
  });
});
