// Requests to the EHR's FHIR server: bounded in time, never redirected, failures as codes of ours.

export type FhirPushErrorCode =
  | "fhir_discovery_failed"
  | "fhir_auth_failed"
  | "fhir_rejected"
  | "fhir_server_error"
  | "fhir_timeout"
  | "fhir_unreachable";

/** A failed push: a code of ours, the upstream HTTP status when there was one, never its text. */
export class FhirPushError extends Error {
  constructor(
    readonly code: FhirPushErrorCode,
    readonly upstreamStatus?: number,
    /** OperationOutcome issue codes (a fixed FHIR value set such as "invalid", "required"). */
    readonly issueCodes: string[] = [],
  ) {
    super(code);
    this.name = "FhirPushError";
  }
}

/** fetch() that throws FhirPushError for timeouts and network failures, and refuses redirects. */
export async function fetchUpstream(url: string, signal: AbortSignal, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal, redirect: "error" });
  } catch {
    if (signal.aborted) throw new FhirPushError("fhir_timeout");
    throw new FhirPushError("fhir_unreachable");
  }
}
