import { useRef, useState, type ChangeEvent, type DragEvent } from "react";

import { EXAMPLE_CONSULTATION } from "~/consultations/example-consultation";
import {
  countCharacters,
  extractNotesFromFile,
  NOTES_MAX_CHARACTERS,
  TITLE_MAX_CHARACTERS,
} from "~/consultations/notes-input";

interface PromptChoices {
  versions: string[];
  deployed: string;
}

export function NewConsultationForm({
  error,
  submitting,
  prompts,
}: {
  error?: string;
  submitting: boolean;
  prompts: PromptChoices | null;
}) {
  const [notes, setNotes] = useState("");
  const [fileError, setFileError] = useState<string>();
  const [dragging, setDragging] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const length = countCharacters(notes);
  const overLimit = length > NOTES_MAX_CHARACTERS;

  async function readFile(file: File | undefined) {
    if (!file) return;
    if (!/\.(txt|json)$/i.test(file.name)) {
      setFileError(`${file.name} is not a .txt or .json file.`);
      return;
    }
    try {
      setNotes(extractNotesFromFile(file.name, await file.text()));
      setFileError(undefined);
      textarea.current?.focus();
    } catch (problem) {
      setFileError((problem as Error).message);
    }
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

  const message = fileError ?? error;
  return (
    <>
      <label className="field">
        <span>Title or patient reference (optional)</span>
        <input name="title" maxLength={TITLE_MAX_CHARACTERS} autoComplete="off" />
      </label>
      <div className="field-row">
        <label className="field">
          <span>EHR patient id (optional, FHIR)</span>
          <input name="fhirPatientId" maxLength={64} pattern="[A-Za-z0-9\-.]{1,64}" autoComplete="off" />
        </label>
        <label className="field">
          <span>EHR encounter id (optional, FHIR)</span>
          <input name="fhirEncounterId" maxLength={64} pattern="[A-Za-z0-9\-.]{1,64}" autoComplete="off" />
        </label>
      </div>
      <label className="field">
        <span>Consultation transcript or notes</span>
        <textarea
          ref={textarea}
          name="notes"
          rows={14}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={dropFile}
          className={dragging ? "drop-target" : undefined}
          placeholder={"Doctor: What brings you in today?\nPatient: …"}
          aria-describedby="notes-help notes-count"
          aria-invalid={Boolean(message) || overLimit}
          required
        />
      </label>
      <p id="notes-help" className="muted small">
        Paste a doctor–patient transcript (<code>Doctor:</code>/<code>Patient:</code> lines) or free-text
        notes.
      </p>
      <p id="notes-count" className={overLimit ? "counter over" : "counter"} aria-live="polite">
        {length.toLocaleString("en")} / {NOTES_MAX_CHARACTERS.toLocaleString("en")} characters
      </p>
      {message ? (
        <p className="form-error" role="alert">
          {message}
        </p>
      ) : null}
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
        <button type="submit" className="primary" disabled={submitting || overLimit}>
          {submitting ? "Starting…" : "Summarize"}
        </button>
        <button type="button" onClick={() => setNotes(EXAMPLE_CONSULTATION)}>
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
