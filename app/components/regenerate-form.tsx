import { useFetcher } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import { ConfirmDialog } from "./confirm-dialog";
import { useConfirmBeforeSubmit } from "./use-confirm-before-submit";

/**
 * A form that writes the consultation's summary again (intent "regenerate"). When the summary shown
 * was edited it asks first, and says the edited text stays under "Earlier summaries".
 */
export function RegenerateForm({
  edited,
  className,
  question,
  confirmLabel,
  whatHappens,
  children,
}: {
  edited: boolean;
  className?: string;
  question: string;
  confirmLabel: string;
  /** The first sentence of the question's explanation: what confirming writes. */
  whatHappens: string;
  /** The form's fields and its submit button. */
  children: React.ReactNode;
}) {
  const confirm = useConfirmBeforeSubmit(edited);
  // A fetcher, so each form says its own failure in place (the server's answer, or that it was out
  // of reach); a new summary redirects to the page, which shows it.
  const fetcher = useFetcher<{ error?: { message: string } }>();
  const failure = fetcher.state === "idle" ? fetcher.data?.error : undefined;
  return (
    <fetcher.Form method="post" className={className} ref={confirm.form} onSubmit={confirm.onSubmit}>
      <AuthenticityTokenInput />
      <input type="hidden" name="intent" value="regenerate" />
      {children}
      <ConfirmDialog
        open={confirm.asking}
        title={question}
        confirmLabel={confirmLabel}
        onCancel={confirm.cancel}
        onConfirm={confirm.confirm}
      >
        <p>
          {whatHappens} Your edited text is kept: you can open, copy and restore it under “Earlier summaries”.
        </p>
      </ConfirmDialog>
      {failure ? (
        <p className="form-error small" role="alert">
          {failure.message}
        </p>
      ) : null}
    </fetcher.Form>
  );
}
