import { ApiErrorResponse } from "./api-errors.server";
import { decodeUtf8 } from "./utf8";
import { notUtf8Body } from "./utf8-body.server";

/**
 * Reads a JSON request body, refusing wrong content types, bodies over `maxBytes` and bodies that
 * are not UTF-8 (never read with replacement characters).
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new ApiErrorResponse(415, "unsupported_media_type", "Send the request body as application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);

  const chunks: Uint8Array[] = [];
  let received = 0;
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.byteLength;
      if (received > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  }
  const text = decodeUtf8(Buffer.concat(chunks));
  if (text === undefined) throw new ApiErrorResponse(400, notUtf8Body.code, notUtf8Body.message);
  if (!text.trim()) throw new ApiErrorResponse(400, "invalid_json", "The request body is empty.");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiErrorResponse(400, "invalid_json", "The request body is not valid JSON.");
  }
}

/**
 * The rest of a refused body is never read, so the connection cannot carry another request: it is
 * closed (a client that reused it would wait and then be reset).
 */
function tooLarge(maxBytes: number): ApiErrorResponse {
  return new ApiErrorResponse(413, "body_too_large", `The request body is larger than ${maxBytes} bytes.`, {
    Connection: "close",
  });
}
