import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import { summaryBodyToMarkdown, summaryToPlainText } from "~/summaries/exports/markdown-and-plain-text";

import { CopyButton } from "./copy-button";

interface SummaryToolsProps {
  consultationId: string;
  sendToEhr: boolean;
  text: string;
  /** A complete summary: downloads and Send to EHR too (they take the latest complete summary). */
  complete: boolean;
  onEdit: () => void;
}

type SendToEhrResult =
  { pushed: { resourceId: string; resourceType: string } } | { error: { code: string; message: string } };

/** Posts the summary to the EHR as a FHIR DocumentReference and says how it went. */
function SendToEhrButton({ consultationId }: { consultationId: string }) {
  const fetcher = useFetcher<SendToEhrResult>();
  const sending = fetcher.state !== "idle";
  const result = sending ? undefined : fetcher.data;
  return (
    <fetcher.Form method="post" action={`/consultations/${consultationId}/fhir-push`} className="inline-form">
      <AuthenticityTokenInput />
      <button type="submit" disabled={sending}>
        Send to EHR
      </button>
      <span role="status" className="small muted" data-testid="send-to-ehr-status">
        {sending
          ? "Sending…"
          : result && "pushed" in result
            ? `Sent to the EHR (${result.pushed.resourceType}/${result.pushed.resourceId}).`
            : ""}
      </span>
      {result && "error" in result ? (
        <span role="alert" className="small form-error">
          {`Not sent: ${result.error.message}`}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

/** Edit in place: the edit is saved as a new revision; the model's text stays for evaluation. */
export function SummaryEditor({
  summaryId,
  text,
  onDone,
}: {
  summaryId: string;
  text: string;
  onDone: () => void;
}) {
  const fetcher = useFetcher<{ saved?: string; error?: { message: string } }>();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.saved === "edit") onDone();
  }, [fetcher.state, fetcher.data, onDone]);
  return (
    <fetcher.Form method="post" className="stack summary-editor">
      <AuthenticityTokenInput />
      <input type="hidden" name="summaryId" value={summaryId} />
      <label className="field">
        <span>Edit the summary (Markdown-lite: “## Heading” and “- bullet” lines)</span>
        <textarea name="text" rows={16} defaultValue={text} required />
      </label>
      {fetcher.data?.error ? (
        <p className="form-error" role="alert">
          {fetcher.data.error.message}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="submit"
          name="intent"
          value="edit"
          className="primary"
          disabled={fetcher.state !== "idle"}
        >
          Save edit
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </fetcher.Form>
  );
}

const DOWNLOADS = [
  { format: "md", label: "Markdown" },
  { format: "txt", label: "Text" },
  { format: "fhir", label: "FHIR JSON" },
  { format: "fhir-document", label: "FHIR DocumentReference" },
] as const;

function DownloadMenu({ consultationId }: { consultationId: string }) {
  return (
    <details className="menu">
      <summary>Download</summary>
      <ul className="menu-items">
        {DOWNLOADS.map(({ format, label }) => (
          <li key={format}>
            <a href={`/consultations/${consultationId}/export?format=${format}`} download>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * The summary's toolbar, sticky at the top of the panel. Copy writes plain text for an EHR
 * free-text field; print puts the summary first and the notes only when "Include notes" is ticked
 * (app.css, @media print, reads the checkbox with :has()).
 */
export function SummaryTools({ consultationId, sendToEhr, text, complete, onEdit }: SummaryToolsProps) {
  return (
    <div className="summary-toolbar" aria-label="Summary tools" role="group">
      <CopyButton label="Copy note" getText={() => summaryToPlainText(text)} />
      <CopyButton label="Copy as Markdown" getText={() => summaryBodyToMarkdown(text)} />
      <button type="button" onClick={onEdit}>
        Edit
      </button>
      {complete ? <DownloadMenu consultationId={consultationId} /> : null}
      {complete && sendToEhr ? <SendToEhrButton consultationId={consultationId} /> : null}
      <button type="button" onClick={() => window.print()}>
        Print
      </button>
      <label className="print-notes-choice small">
        <input type="checkbox" className="print-notes-toggle" />
        Include notes in print
      </label>
    </div>
  );
}
