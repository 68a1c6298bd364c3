// Send to EHR: POST a DocumentReference to FHIR_BASE_URL with a SMART Backend Services token.
import type { FhirConfig } from "~/config/env.server";
import { FHIR_ID_PATTERN } from "~/summaries/exports/fhir-references";
import type { FhirDocumentReference } from "~/summaries/exports/fhir-resources";

import { SmartTokens } from "./smart-token.server";
import { FhirPushError, fetchUpstream } from "./upstream.server";

const FHIR_JSON = "application/fhir+json";
const RESOURCE_ID = /\/DocumentReference\/([A-Za-z0-9\-.]{1,64})(?:\/|$)/;
const ISSUE_CODE = /^[a-z-]{1,32}$/;

export interface FhirPushResult {
  /** The id the server gave the DocumentReference. */
  resourceId: string;
  status: number;
}

export class FhirPushClient {
  private readonly tokens: SmartTokens;

  constructor(readonly config: FhirConfig) {
    this.tokens = new SmartTokens(config);
  }

  /** The FHIR server's host, for the audit log. */
  get targetHost(): string {
    return new URL(this.config.baseUrl).host;
  }

  /**
   * Creates the DocumentReference; a 401 gets one more try with a new token. Throws FhirPushError
   * (never the server's own text) on any failure, and after FHIR_TIMEOUT_MS for the whole push.
   */
  async push(resource: FhirDocumentReference, signal?: AbortSignal): Promise<FhirPushResult> {
    const bounded = AbortSignal.any([
      AbortSignal.timeout(this.config.timeoutMs),
      ...(signal ? [signal] : []),
    ]);
    let response = await this.post(resource, bounded);
    if (response.status === 401) {
      this.tokens.forget();
      response = await this.post(resource, bounded);
    }
    if (response.status === 201 || response.status === 200) {
      const resourceId = await resourceIdOf(response);
      if (!resourceId) throw new FhirPushError("fhir_server_error", response.status);
      return { resourceId, status: response.status };
    }
    if (response.status === 401 || response.status === 403) {
      throw new FhirPushError("fhir_auth_failed", response.status);
    }
    if (response.status >= 400 && response.status < 500) {
      throw new FhirPushError("fhir_rejected", response.status, await issueCodesOf(response));
    }
    throw new FhirPushError("fhir_server_error", response.status);
  }

  private async post(resource: FhirDocumentReference, signal: AbortSignal): Promise<Response> {
    const token = await this.tokens.accessToken(signal);
    return fetchUpstream(`${this.config.baseUrl}/DocumentReference`, signal, {
      method: "POST",
      headers: {
        "Content-Type": `${FHIR_JSON}; charset=utf-8`,
        Accept: FHIR_JSON,
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(resource),
    });
  }
}

/** From the Location header (…/DocumentReference/<id>/_history/<v>), else from the returned resource. */
async function resourceIdOf(response: Response): Promise<string | undefined> {
  const fromLocation = RESOURCE_ID.exec(response.headers.get("location") ?? "")?.[1];
  if (fromLocation) return fromLocation;
  const body = (await response.json().catch(() => undefined)) as
    { resourceType?: unknown; id?: unknown } | undefined;
  return body?.resourceType === "DocumentReference" &&
    typeof body.id === "string" &&
    FHIR_ID_PATTERN.test(body.id)
    ? body.id
    : undefined;
}

/** The issue codes of an OperationOutcome (a fixed value set), never its diagnostics text. */
async function issueCodesOf(response: Response): Promise<string[]> {
  const body = (await response.json().catch(() => undefined)) as
    { resourceType?: unknown; issue?: { code?: unknown }[] } | undefined;
  if (body?.resourceType !== "OperationOutcome" || !Array.isArray(body.issue)) return [];
  const codes = body.issue
    .map((issue) => issue?.code)
    .filter((code): code is string => typeof code === "string" && ISSUE_CODE.test(code));
  return [...new Set(codes)].slice(0, 5);
}
