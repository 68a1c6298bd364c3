import { useFetcher } from "@remix-run/react";
import { useId } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import { FHIR_ID_INPUT } from "~/consultations/ehr-ids";

interface EhrIds {
  patient: string | null;
  encounter: string | null;
}

type EhrIdsAnswer = { saved?: "ehr-ids"; error?: { code: string; message: string } };

const FIELDS = [
  { name: "fhirPatientId", label: "EHR patient id (FHIR)", value: (ids: EhrIds) => ids.patient },
  { name: "fhirEncounterId", label: "EHR encounter id (FHIR)", value: (ids: EhrIds) => ids.encounter },
] as const;

function describe({ patient, encounter }: EhrIds): string {
  if (!patient && !encounter) return "none given";
  return [patient && `Patient/${patient}`, encounter && `Encounter/${encounter}`].filter(Boolean).join(" · ");
}

/**
 * The consultation's EHR patient and encounter ids (FHIR logical ids), which the FHIR exports and
 * Send to EHR name as subject and encounter: shown, and set, changed or cleared (an empty field
 * clears it) in a disclosure beside the summary's tools.
 */
export function EhrIdsForm({ ids }: { ids: EhrIds }) {
  const fetcher = useFetcher<EhrIdsAnswer>();
  const busy = fetcher.state !== "idle";
  const answer = busy ? undefined : fetcher.data;
  const hintId = useId();
  return (
    <details className="ehr-ids">
      <summary>
        EHR ids: <span data-testid="ehr-ids-current">{describe(ids)}</span>
      </summary>
      {/* Keyed by the saved ids, so the fields show them again after a save reloads the page's data. */}
      <fetcher.Form method="post" className="stack" key={`${ids.patient}|${ids.encounter}`}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="ehr-ids" />
        <div className="field-row">
          {FIELDS.map(({ name, label, value }) => (
            <label className="field" key={name}>
              <span>{label}</span>
              <input
                name={name}
                defaultValue={value(ids) ?? ""}
                aria-describedby={hintId}
                {...FHIR_ID_INPUT}
              />
            </label>
          ))}
        </div>
        <p className="small muted" id={hintId}>
          Letters, digits, hyphens and dots, up to 64. Leave a field empty to clear it.
        </p>
        <div className="inline-form">
          <button type="submit" disabled={busy}>
            Save EHR ids
          </button>
          <span role="status" className="small muted">
            {busy ? "Saving…" : answer?.saved ? "EHR ids saved." : ""}
          </span>
        </div>
        {answer?.error ? (
          <p role="alert" className="small form-error">
            {answer.error.message}
          </p>
        ) : null}
      </fetcher.Form>
    </details>
  );
}
