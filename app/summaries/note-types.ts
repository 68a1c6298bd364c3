// The note types a clinician chooses when summarizing: each is one prompt id (its versioned prompt
// files, deployed pointer and gate), and a label for the page.

export const NOTE_TYPES = [
  {
    id: "clinical-note",
    promptId: "consultation-summary",
    label: "Clinical note",
    documentTitle: "Consultation summary",
  },
  {
    id: "referral-letter",
    promptId: "referral-letter",
    label: "Referral letter",
    documentTitle: "Referral letter",
  },
  {
    id: "after-visit-summary",
    promptId: "after-visit-summary",
    label: "Patient after-visit summary",
    documentTitle: "After-visit summary",
  },
] as const;

export type NoteType = (typeof NOTE_TYPES)[number];
export type NoteTypeId = NoteType["id"];

export const DEFAULT_NOTE_TYPE: NoteType = NOTE_TYPES[0];

export const NOTE_TYPE_IDS = NOTE_TYPES.map((type) => type.id);

export function findNoteType(id: string): NoteType | undefined {
  return NOTE_TYPES.find((type) => type.id === id);
}

/** The note type a summary was written as, by its prompt id. */
export function noteTypeOf(promptId: string): NoteType | undefined {
  return NOTE_TYPES.find((type) => type.promptId === promptId);
}

export function noteTypeLabel(promptId: string): string {
  return noteTypeOf(promptId)?.label ?? promptId;
}

/** A note type as one user may choose it; a draft's prompt id has no deployed version yet. */
export interface NoteTypeOption {
  id: NoteTypeId;
  label: string;
  draft: boolean;
}

/** The label a chooser shows: a draft says that no clinician has rated it enough to deploy it. */
export function noteTypeOptionLabel(option: NoteTypeOption): string {
  return option.draft ? `${option.label} (draft — not yet rated)` : option.label;
}
