import { useRef, useState, type ChangeEvent, type DragEvent, type MouseEvent } from "react";

import { FHIR_ID_INPUT } from "~/consultations/ehr-ids";
import { EXAMPLE_CONSULTATION } from "~/consultations/example-consultation";
import { DEFAULT_NOTE_TYPE, type NoteTypeOption } from "~/summaries/note-types";

import { NoteTypeSelect } from "./note-type-choice";
import {
  checkNotes,
  checkNotesFile,
  countCharacters,
  NOTES_MAX_CHARACTERS,
  readNotesFile,
  TITLE_MAX_CHARACTERS,
} from "~/consultations/notes-input";

interface PromptChoices {
  versions: string[];
  deployed: string;
}

/**
 * The notes field with its checks: a problem with the text shows next to it as soon as it is
 * there and goes as soon as the text is fixed; a refused file leaves the text as it was.
 */
export function NewConsultationForm({
  error,
  submitting,
  prompts,
  noteTypes,
}: {
  /** The server's answer to the last submission (a new object for each answer). */
  error?: { message: string };
  submitting: boolean;
  prompts: PromptChoices | null;
  /** The note types this user may choose (drafts for admins only). */
  noteTypes: NoteTypeOption[];
}) {
  const [notes, setNotes] = useState("");
  const [fileProblem, setFileProblem] = useState<string>();
  const [submitProblem, setSubmitProblem] = useState<string>();
  // The server's answer stays until the notes change after it.
  const [answeredBefore, setAnsweredBefore] = useState<object>();
  const [dragging, setDragging] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const length = countCharacters(notes);
  const overLimit = length > NOTES_MAX_CHARACTERS;
  // Blank notes are only a problem once submitted.
  const liveProblem = notes.trim() ? checkNotes(notes) : undefined;
  const serverError = error && error !== answeredBefore ? error.message : undefined;
  const message = fileProblem ?? liveProblem?.message ?? submitProblem ?? serverError;

  function changeNotes(value: string) {
    setNotes(value);
    setFileProblem(undefined);
    setSubmitProblem(undefined);
    setAnsweredBefore(error);
  }

  async function readFile(file: File | undefined) {
    if (!file) return;
    const tooBig = checkNotesFile(file.name, file.size);
    const result = tooBig
      ? { problem: tooBig }
      : readNotesFile(file.name, new Uint8Array(await file.arrayBuffer()));
    if ("problem" in result) {
      setFileProblem(result.problem.message);
      return;
    }
    changeNotes(result.notes);
    textarea.current?.focus();
  }

  function loadFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    void readFile(file);
  }

  function dropFile(event: DragEvent<HTMLTextAreaElement>) {
    event.preventDefault();
    setDragging(false);
    void readFile(event.dataTransfer.files[0]);
  }

  // The button stays usable: a click on notes that would be refused says why instead of posting them.
  function submitIfValid(event: MouseEvent<HTMLButtonElement>) {
    const problem = checkNotes(notes);
    if (!problem) return;
    event.preventDefault();
    setFileProblem(undefined);
    setSubmitProblem(problem.message);
    textarea.current?.focus();
  }

  return (
    <>
      <label className="field">
        <span>Title or patient reference (optional)</span>
        <input name="title" maxLength={TITLE_MAX_CHARACTERS} autoComplete="off" />
      </label>
      <div className="field-row">
        <label className="field">
          <span>EHR patient id (optional, FHIR)</span>
          <input name="fhirPatientId" {...FHIR_ID_INPUT} />
        </label>
        <label className="field">
          <span>EHR encounter id (optional, FHIR)</span>
          <input name="fhirEncounterId" {...FHIR_ID_INPUT} />
        </label>
      </div>
      <label className="field">
        <span>Consultation transcript or notes</span>
        <textarea
          ref={textarea}
          name="notes"
          rows={14}
          value={notes}
          onChange={(event) => changeNotes(event.target.value)}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={dropFile}
          className={dragging ? "drop-target" : undefined}
          placeholder={"Doctor: What brings you in today?\nPatient: …"}
          aria-describedby={message ? "notes-error notes-help notes-count" : "notes-help notes-count"}
          aria-invalid={Boolean(message)}
          required
        />
      </label>
      <p id="notes-help" className="muted small">
        Paste a doctor–patient transcript (<code>Doctor:</code>/<code>Patient:</code> lines) or free-text
        notes.
      </p>
      <p id="notes-count" className={overLimit ? "counter over" : "counter"}>
        {length.toLocaleString("en")} / {NOTES_MAX_CHARACTERS.toLocaleString("en")} characters
      </p>
      {/* Always in the page, so that a message appearing in it is announced. */}
      <div id="notes-error" role="alert">
        {message ? <p className="form-error">{message}</p> : null}
      </div>
      <label className="field">
        <span>Note type</span>
        <NoteTypeSelect options={noteTypes} defaultValue={DEFAULT_NOTE_TYPE.id} />
      </label>
      {prompts ? (
        <label className="field">
          <span>Prompt version</span>
          <select name="promptVersion" defaultValue={prompts.deployed}>
            {prompts.versions.map((version) => (
              <option key={version} value={version}>
                {version}
                {version === prompts.deployed ? " (deployed)" : ""}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={submitting} onClick={submitIfValid}>
          {submitting ? "Starting…" : "Summarize"}
        </button>
        <button type="button" onClick={() => changeNotes(EXAMPLE_CONSULTATION)}>
          Load example
        </button>
        <label className="file-button">
          Upload .txt or .json
          <input type="file" accept=".txt,.json,text/plain,application/json" onChange={loadFile} />
        </label>
      </div>
    </>
  );
}
