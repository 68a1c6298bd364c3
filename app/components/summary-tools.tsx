import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import type { ExportMeta } from "~/summaries/exports/export-meta";
import { summaryToPlainText } from "~/summaries/exports/markdown-and-plain-text";

interface SummaryToolsProps {
  consultationId: string;
  summaryId: string;
  sendToEhr: boolean;
  text: string;
  meta: ExportMeta;
}

export function CopyButton({ text, meta }: { text: string; meta: ExportMeta }) {
  const [copied, setCopied] = useState<"yes" | "failed">();
  async function copy() {
    try {
      await navigator.clipboard.writeText(summaryToPlainText(text, meta));
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        Copy as text
      </button>
      <span role="status" className="small muted">
        {copied === "yes"
          ? "Copied."
          : copied === "failed"
            ? "Copy failed: select the text and copy it."
            : ""}
      </span>
    </>
  );
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

export function SummaryTools({
  consultationId,
  sendToEhr,
  text,
  meta,
  onEdit,
}: SummaryToolsProps & { onEdit: () => void }) {
  const exportUrl = (format: string) => `/consultations/${consultationId}/export?format=${format}`;
  return (
    <div className="actions summary-actions" aria-label="Summary tools" role="group">
      <button type="button" onClick={onEdit}>
        Edit
      </button>
      <CopyButton text={text} meta={meta} />
      <a className="file-button" href={exportUrl("md")} download>
        Markdown
      </a>
      <a className="file-button" href={exportUrl("txt")} download>
        Text
      </a>
      <a className="file-button" href={exportUrl("fhir")} download>
        FHIR JSON
      </a>
      <a className="file-button" href={exportUrl("fhir-document")} download>
        FHIR DocumentReference
      </a>
      {sendToEhr ? <SendToEhrButton consultationId={consultationId} /> : null}
      <button type="button" onClick={() => window.print()}>
        Print
      </button>
    </div>
  );
}
