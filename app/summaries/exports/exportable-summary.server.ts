import type { CurrentUser } from "~/auth/auth.server";
import type { Consultation, Summary } from "~/db/schema.server";
import type { Store } from "~/db/store.server";
import { getConsultation } from "~/models/consultation.server";
import { latestRevision } from "~/models/revision.server";
import { noteTypeOf } from "~/summaries/note-types";
import { listSummaries } from "~/models/summary.server";

import type { ExportMeta } from "./export-meta";

export interface ExportableSummary {
  consultation: Consultation;
  summary: Summary;
  /** The clinician's latest edit when there is one, else the model's text. */
  text: string;
  meta: ExportMeta;
}

/**
 * What the exports and Send to EHR write: the consultation's latest complete summary, when the
 * consultation is the user's own, with the metadata of every export. Undefined otherwise.
 */
export async function getExportableSummary(
  store: Store,
  user: CurrentUser,
  consultationId: string | undefined,
): Promise<ExportableSummary | undefined> {
  const consultation = consultationId
    ? await getConsultation(store, { id: consultationId, ownerId: user.id })
    : undefined;
  const summary = consultation
    ? (await listSummaries(store, consultation.id)).find((candidate) => candidate.status === "complete")
    : undefined;
  if (!consultation || !summary) return undefined;
  const revision = await latestRevision(store, summary.id);
  return {
    consultation,
    summary,
    text: revision?.text ?? summary.text,
    meta: {
      title: consultation.title ?? undefined,
      documentTitle: noteTypeOf(summary.promptId)?.documentTitle,
      createdAt: summary.createdAt,
      model: summary.model,
      promptVersion: summary.promptVersion,
      edited: revision !== undefined,
      fhirPatientId: consultation.fhirPatientId ?? undefined,
      fhirEncounterId: consultation.fhirEncounterId ?? undefined,
      fhirPractitionerId: user.fhirPractitionerId,
    },
  };
}
