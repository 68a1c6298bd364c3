import { describe, expect, it } from "vitest";

import { ApiErrorResponse } from "./api-errors.server";
import { readJsonBody } from "./read-json-body.server";

function post(body: string): Request {
  return new Request("http://localhost/api/consultation", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

describe("readJsonBody", () => {
  it("parses a JSON body within the limit", async () => {
    await expect(readJsonBody(post('{"notes":"cough"}'), 100)).resolves.toEqual({ notes: "cough" });
  });

  it("refuses a body over the limit and closes the connection, whose unread rest it cannot carry on", async () => {
    const error = await readJsonBody(post(JSON.stringify({ notes: "é".repeat(100) })), 50).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiErrorResponse);
    const response = (error as ApiErrorResponse).toResponse();
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("body_too_large");
  });
});
