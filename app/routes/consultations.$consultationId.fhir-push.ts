import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { actorOf, requireWorkspaceUser } from "~/auth/auth.server";
import { readVerifiedForm } from "~/auth/csrf.server";
import { FhirPushError, type FhirPushErrorCode } from "~/fhir/upstream.server";
import { recordAudit } from "~/models/audit.server";
import { getExportableSummary } from "~/summaries/exports/exportable-summary.server";
import { summaryToFhirDocumentReference } from "~/summaries/exports/fhir-document-reference";
import { apiError } from "~/utils/api-errors.server";
import { log } from "~/utils/logger.server";

/** Our answer for each failure: never the EHR's own text, which may quote the document. */
const FAILURES: Record<FhirPushErrorCode, { status: number; message: string }> = {
  fhir_discovery_failed: {
    status: 502,
    message: "The EHR's FHIR server did not say where to get an access token.",
  },
  fhir_auth_failed: { status: 502, message: "The EHR refused this app's credentials." },
  fhir_rejected: { status: 502, message: "The EHR refused the document." },
  fhir_server_error: { status: 502, message: "The EHR's FHIR server failed to store the document." },
  fhir_timeout: { status: 504, message: "The EHR's FHIR server did not answer in time." },
  fhir_unreachable: { status: 502, message: "The EHR's FHIR server could not be reached." },
};

/**
 * Send to EHR: posts the latest complete summary as a DocumentReference to FHIR_BASE_URL. The
 * attempt and its outcome are audited (host, HTTP status, the id the EHR gave), never the note.
 */
export async function action(args: ActionFunctionArgs) {
  const { store, csrf, fhirPush } = args.context.services;
  const user = await requireWorkspaceUser(args, "api");
  await readVerifiedForm(csrf, args.request);
  const consultationId = args.params.consultationId;
  if (!fhirPush) {
    return apiError(404, "fhir_not_configured", "Sending to an EHR is not configured (FHIR_BASE_URL).");
  }
  const exportable = await getExportableSummary(store, user, consultationId);
  const audit = { ...actorOf(user), action: "fhir_push" as const, targetHost: fhirPush.targetHost };
  if (!exportable) {
    await recordAudit(store, { ...audit, outcome: "denied", consultationId, detail: "not_found" });
    return apiError(404, "not_found", "There is no complete summary of this consultation to send.");
  }
  const { consultation, summary, text, meta } = exportable;
  const ids = { consultationId: consultation.id, summaryId: summary.id };
  await recordAudit(store, { ...audit, ...ids, outcome: "allowed", detail: "attempt" });
  try {
    const result = await fhirPush.push(summaryToFhirDocumentReference(text, meta), args.request.signal);
    await recordAudit(store, {
      ...audit,
      ...ids,
      outcome: "allowed",
      detail: "created",
      httpStatus: result.status,
      remoteId: result.resourceId,
    });
    return json(
      { pushed: { resourceId: result.resourceId, resourceType: "DocumentReference" } },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (!(error instanceof FhirPushError)) throw error;
    await recordAudit(store, {
      ...audit,
      ...ids,
      outcome: "allowed",
      detail: [error.code, ...error.issueCodes].join(" "),
      httpStatus: error.upstreamStatus,
    });
    log.warn("fhir push failed", { code: error.code, upstreamStatus: error.upstreamStatus });
    const failure = FAILURES[error.code];
    const issues = error.issueCodes.length > 0 ? ` (${error.issueCodes.join(", ")})` : "";
    return apiError(failure.status, error.code, `${failure.message}${issues}`);
  }
}
