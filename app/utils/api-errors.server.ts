import { json } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";

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

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === "string" && typeof error.message === "string";
}

/**
 * An API error a page's loader or action threw, as its JSON response. Remix would render it as an
 * error page for a document request; a request refused before the page ran (a body no form sends)
 * gets the same JSON answer whether it asked for a document or for data.
 */
export function thrownApiError(errors: Record<string, unknown> | null | undefined): Response | undefined {
  for (const error of Object.values(errors ?? {})) {
    if (isRouteErrorResponse(error) && isApiErrorBody(error.data)) {
      return apiError(error.status, error.data.error.code, error.data.error.message);
    }
  }
  return undefined;
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
 * The 503 for an error the database's state caused (unreachable, out of connections under load,
 * or out of space), so a client can retry instead of seeing a 500. Any other error is thrown on.
 */
export function respondToDatabaseProblem(error: unknown): Response {
  const problem = databaseProblem(error);
  if (!problem) throw error;
  return apiError(503, problem.code, problem.message, { "Retry-After": String(problem.retryAfterSeconds) });
}
