import { useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import type { ExportMeta } from "~/summaries/exports/export-meta";
import { summaryToPlainText } from "~/summaries/exports/markdown-and-plain-text";

import { ConfirmDialog } from "./confirm-dialog";
import { EditConflict, isEditConflict } from "./edit-conflict";

interface SummaryToolsProps {
  consultationId: string;
  summaryId: string;
  sendToEhr: boolean;
  text: string;
  meta: ExportMeta;
}

/** Copies the text as plain text for an EHR field, and says whether it worked. */
export function CopyButton({
  text,
  meta,
  label = "Copy as text",
}: {
  text: string;
  meta: ExportMeta;
  label?: string;
}) {
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
        {label}
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

type EditorAnswer = { saved?: "edit"; revision?: number; error?: { code: string; message: string } };

/**
 * Edit in place: the edit is saved as a new revision based on revision `basedOn` (0: the model's
 * text); the model's text stays for evaluation. A save that meets a newer text is answered 409 and
 * the clinician chooses; the text they typed stays in the editor until then. Esc cancels, asking
 * first when there are unsaved changes.
 */
export function SummaryEditor({
  summaryId,
  basedOn,
  text,
  note,
  onDone,
}: {
  summaryId: string;
  basedOn: number;
  text: string;
  /** Said above the text box, e.g. that it holds an earlier text being restored. */
  note?: string;
  onDone: () => void;
}) {
  const fetcher = useFetcher<EditorAnswer>();
  const textBox = useRef<HTMLTextAreaElement>(null);
  const [askDiscard, setAskDiscard] = useState(false);
  const revalidator = useRevalidator();
  useEffect(() => {
    textBox.current?.focus();
  }, []);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.saved === "edit") onDone();
  }, [fetcher.state, fetcher.data, onDone]);
  const conflict = isEditConflict(fetcher.data?.error) ? fetcher.data.error : undefined;
  const busy = fetcher.state !== "idle";

  function save(target: { summaryId: string; basedOn: number }) {
    const form = textBox.current?.form;
    if (!form) return;
    const data = new FormData(form);
    data.set("intent", "edit");
    data.set("summaryId", target.summaryId);
    data.set("basedOn", String(target.basedOn));
    fetcher.submit(data, { method: "post" });
  }
  function cancel() {
    if (textBox.current && textBox.current.value !== text) setAskDiscard(true);
    else onDone();
  }
  return (
    <fetcher.Form
      method="post"
      className="stack summary-editor"
      onSubmit={(event) => {
        event.preventDefault();
        save({ summaryId, basedOn });
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !askDiscard) {
          event.preventDefault();
          cancel();
        }
      }}
    >
      <AuthenticityTokenInput />
      {note ? <p className="small">{note}</p> : null}
      <label className="field">
        <span>Edit the summary (Markdown-lite: “## Heading” and “- bullet” lines)</span>
        <textarea ref={textBox} name="text" rows={16} defaultValue={text} required />
      </label>
      {conflict ? (
        <EditConflict
          conflict={conflict}
          mine={conflict.mine}
          busy={busy}
          onKeepMine={() => save({ summaryId: conflict.theirsSummaryId, basedOn: conflict.theirsRevision })}
          onTakeTheirs={() => {
            onDone();
            revalidator.revalidate();
          }}
        />
      ) : fetcher.data?.error ? (
        <p className="form-error" role="alert">
          {fetcher.data.error.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || conflict !== undefined}>
          Save edit
        </button>
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      </div>
      <ConfirmDialog
        open={askDiscard}
        title="Discard your changes?"
        confirmLabel="Discard changes"
        cancelLabel="Keep editing"
        onConfirm={() => {
          setAskDiscard(false);
          onDone();
        }}
        onCancel={() => {
          setAskDiscard(false);
          textBox.current?.focus();
        }}
      >
        <p>Your changes to the summary are not saved. Discard them and close the editor?</p>
      </ConfirmDialog>
    </fetcher.Form>
  );
}

export function SummaryTools({
  consultationId,
  sendToEhr,
  text,
  meta,
  onEdit,
  editButton,
}: SummaryToolsProps & { onEdit: () => void; editButton: React.RefObject<HTMLButtonElement> }) {
  const exportUrl = (format: string) => `/consultations/${consultationId}/export?format=${format}`;
  return (
    <div className="actions summary-actions" aria-label="Summary tools" role="group">
      <button type="button" ref={editButton} onClick={onEdit}>
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
