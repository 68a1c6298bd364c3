import { json } from "@remix-run/node";

import { databaseProblem } from "../db/store.server";

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
    readonly headers?: HeadersInit,
  ) {
    super(message);
    this.name = "ApiErrorResponse";
  }

  toResponse(): Response {
    return apiError(this.status, this.code, this.message, this.headers);
  }
}

/**
 * The 503 for an error the database's state caused (unreachable, or out of connections under
 * load), so a client can retry instead of seeing a 500. Any other error is thrown on.
 */
export function respondToDatabaseProblem(error: unknown): Response {
  const problem = databaseProblem(error);
  if (!problem) throw error;
  return apiError(503, problem.code, problem.message, { "Retry-After": "2" });
}
