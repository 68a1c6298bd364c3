import { json } from "@remix-run/node";

export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** Every API error has the same JSON shape: `{"error": {"code", "message"}}`. */
export function apiError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  const response = json<ApiErrorBody>({ error: { code, message } }, { status, headers });
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export class ApiErrorResponse extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiErrorResponse";
  }

  toResponse(): Response {
    return apiError(this.status, this.code, this.message);
  }
}
