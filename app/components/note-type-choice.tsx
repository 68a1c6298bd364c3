import { Form } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import { DEFAULT_NOTE_TYPE, NOTE_TYPES, type NoteType } from "~/summaries/note-types";

/**
 * The note type of the summary shown, and a form to write the consultation's summary as any type
 * (a new summary; the one shown moves to the earlier summaries).
 */
export function NoteTypeChoice({ current, hasSummary }: { current: NoteType | null; hasSummary: boolean }) {
  return (
    <Form method="post" className="note-type-choice actions">
      <AuthenticityTokenInput />
      {current ? (
        <p className="muted small" data-testid="note-type">
          {current.label}
        </p>
      ) : null}
      <label className="field inline">
        <span>Note type</span>
        <select name="noteType" defaultValue={(current ?? DEFAULT_NOTE_TYPE).id}>
          {NOTE_TYPES.map((type) => (
            <option key={type.id} value={type.id}>
              {type.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" name="intent" value="regenerate" className={hasSummary ? undefined : "primary"}>
        {hasSummary ? "Write as this type" : "Generate summary"}
      </button>
    </Form>
  );
}
