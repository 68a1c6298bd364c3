import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

export const CLARITY_LABELS = ["Very unclear", "Unclear", "Acceptable", "Clear", "Very clear"] as const;

interface ReviewRatingFormProps {
  /** What is being rated, e.g. "Summary A"; names the clarity group. */
  subject: string;
  caseId: string;
  outputHash: string;
  side?: "A" | "B";
  error?: string;
}

/** Typing in these must never be taken for a shortcut. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest("textarea, select")) return true;
  return target instanceof HTMLInputElement && target.type !== "radio" && target.type !== "checkbox";
}

/**
 * A 1–5 clarity rating with an optional comment. Keys 1–5 choose a rating and Enter saves, except
 * while typing in a text box; without JavaScript it is an ordinary form.
 */
export function ReviewRatingForm({ subject, caseId, outputHash, side, error }: ReviewRatingFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [ready, setReady] = useState(false);
  const busy = useNavigation().state !== "idle";
  const busyRef = useRef(busy);
  busyRef.current = busy;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const form = formRef.current;
      if (!form || event.defaultPrevented || event.isComposing) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTextEntry(event.target)) return;
      if (/^[1-5]$/.test(event.key)) {
        const radio = form.querySelector<HTMLInputElement>(`input[name="clarity"][value="${event.key}"]`);
        if (!radio) return;
        event.preventDefault();
        radio.checked = true;
        radio.focus();
        return;
      }
      if (event.key === "Enter") {
        // Enter on a link or another button keeps its own meaning.
        if (event.target instanceof HTMLElement && event.target.closest("a, button")) return;
        event.preventDefault();
        if (!busyRef.current) form.requestSubmit();
      }
    }
    document.addEventListener("keydown", onKeyDown);
    setReady(true);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  const groupId = `clarity-${side ?? "single"}`;
  return (
    <Form
      method="post"
      ref={formRef}
      className="review-rating stack"
      data-shortcuts={ready ? "on" : "off"}
      aria-describedby="review-shortcuts"
    >
      <AuthenticityTokenInput />
      <input type="hidden" name="caseId" value={caseId} />
      <input type="hidden" name="outputHash" value={outputHash} />
      {side ? <input type="hidden" name="side" value={side} /> : null}
      <fieldset className="review-clarity" aria-describedby={error ? `${groupId}-error` : undefined}>
        <legend>Clarity of {subject}</legend>
        <div className="review-clarity-options">
          {CLARITY_LABELS.map((label, index) => {
            const value = String(index + 1);
            return (
              <label key={value} className="review-clarity-option">
                <input type="radio" name="clarity" value={value} required />
                <span className="review-clarity-value">{value}</span>
                <span className="review-clarity-label">{label}</span>
              </label>
            );
          })}
        </div>
      </fieldset>
      {error ? (
        <p id={`${groupId}-error`} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <label className="field">
        Comment (optional)
        <textarea name="comment" rows={3} maxLength={2000} />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save & next"}
        </button>
      </div>
    </Form>
  );
}

/** The keyboard help shown beside every rating form. */
export function ReviewShortcuts() {
  return (
    <p id="review-shortcuts" className="small muted review-shortcuts">
      Keyboard: <kbd>1</kbd>–<kbd>5</kbd> choose a clarity rating, <kbd>Enter</kbd> saves and shows the next
      output. Keys are not captured while you type in the comment box.
    </p>
  );
}
