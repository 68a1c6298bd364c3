import {
  DEFAULT_NOTE_TYPE,
  noteTypeOptionLabel,
  type NoteType,
  type NoteTypeOption,
} from "~/summaries/note-types";

import { RegenerateForm } from "./regenerate-form";

/**
 * The note type of the summary shown, and a form to write the consultation's summary as any type
 * the user may choose (a new summary; the one shown moves to the earlier summaries). Like
 * Regenerate, it asks first when the summary shown was edited.
 */
export function NoteTypeChoice({
  current,
  options,
  hasSummary,
  edited,
}: {
  current: NoteType | null;
  options: NoteTypeOption[];
  hasSummary: boolean;
  edited: boolean;
}) {
  const selectable = options.some((option) => option.id === current?.id) ? current! : DEFAULT_NOTE_TYPE;
  return (
    <RegenerateForm
      edited={edited}
      className="note-type-choice actions"
      question="Write an edited summary again as this type?"
      confirmLabel="Write as this type"
      whatHappens="A new summary of the chosen type will be written from the notes."
    >
      {current ? (
        <p className="muted small">
          Written as <strong data-testid="note-type">{current.label}</strong>
        </p>
      ) : null}
      <label className="field inline">
        <span>Note type</span>
        <NoteTypeSelect options={options} defaultValue={selectable.id} />
      </label>
      <button type="submit" className={hasSummary ? undefined : "primary"}>
        {hasSummary ? "Write as this type" : "Generate summary"}
      </button>
    </RegenerateForm>
  );
}

/** The note types a user may choose; drafts say they are not yet rated. */
export function NoteTypeSelect({
  options,
  defaultValue,
}: {
  options: NoteTypeOption[];
  defaultValue: string;
}) {
  return (
    <select name="noteType" defaultValue={defaultValue}>
      {options.map((option) => (
        <option key={option.id} value={option.id}>
          {noteTypeOptionLabel(option)}
        </option>
      ))}
    </select>
  );
}
