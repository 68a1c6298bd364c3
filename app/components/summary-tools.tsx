import { useFetcher, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import { summaryBodyToMarkdown, summaryToPlainText } from "~/summaries/exports/markdown-and-plain-text";

import { ConfirmDialog } from "./confirm-dialog";
import { CopyButton } from "./copy-button";
import { EditConflict, isEditConflict } from "./edit-conflict";
import { LeaveGuard } from "./leave-guard";

interface SummaryToolsProps {
  consultationId: string;
  sendToEhr: boolean;
  text: string;
  /** A complete summary: downloads and Send to EHR too (they take the latest complete summary). */
  complete: boolean;
  onEdit: () => void;
  /** Focus returns here when the editor closes. */
  editButton: React.RefObject<HTMLButtonElement>;
}

type SendToEhrResult =
  { pushed: { resourceId: string; resourceType: string } } | { error: { code: string; message: string } };

/** Posts the summary to the EHR as a FHIR DocumentReference and says how it went. */
function SendToEhrButton({ consultationId }: { consultationId: string }) {
  const fetcher = useFetcher<SendToEhrResult>();
  const sending = fetcher.state !== "idle";
  const result = sending ? undefined : fetcher.data;
  return (
    <fetcher.Form
      method="post"
      action={`/consultations/${consultationId}/fhir-push`}
      className="inline-form"
      onSubmit={(event) => {
        if (sending) event.preventDefault();
      }}
    >
      <AuthenticityTokenInput />
      {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page. */}
      <button type="submit" aria-disabled={sending}>
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
  const [unsaved, setUnsaved] = useState(false);
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
    <>
      {/* Outside the form: its Esc (Cancel) must not reach the editor's own Esc handler. */}
      <LeaveGuard unsaved={unsaved} />
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
          <textarea
            ref={textBox}
            name="text"
            rows={16}
            defaultValue={text}
            onChange={(event) => setUnsaved(event.target.value !== text)}
            required
          />
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
    </>
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
export function SummaryTools({
  consultationId,
  sendToEhr,
  text,
  complete,
  onEdit,
  editButton,
}: SummaryToolsProps) {
  return (
    <div className="summary-toolbar" aria-label="Summary tools" role="group">
      <CopyButton label="Copy note" getText={() => summaryToPlainText(text)} />
      <CopyButton label="Copy as Markdown" getText={() => summaryBodyToMarkdown(text)} />
      <button type="button" ref={editButton} onClick={onEdit}>
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
