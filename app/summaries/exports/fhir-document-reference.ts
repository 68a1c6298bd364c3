// A summary as a FHIR R4 DocumentReference: the Markdown export as its attachment (server only:
// the attachment is base64 through Buffer).
import { documentTitleOf, toDate, type ExportMeta } from "./export-meta";
import { authorOf, encounterOf, subjectOf } from "./fhir-references";
import type { FhirCoding, FhirDocumentReference } from "./fhir-resources";
import { LOINC_SYSTEM } from "./loinc-sections";
import { summaryToMarkdown } from "./markdown-and-plain-text";
import { oneLine } from "./summary-sections";

const PROGRESS_NOTE: FhirCoding = { system: LOINC_SYSTEM, code: "11506-3", display: "Progress note" };

export const NOTE_CONTENT_TYPE = "text/markdown; charset=utf-8";

/**
 * The summary as a DocumentReference (LOINC 11506-3 "Progress note"), `current`, with docStatus
 * "final" when the clinician edited it, else "preliminary"; the note is the Markdown export, base64
 * in `content[0].attachment`, with subject, encounter and author references when known.
 */
export function summaryToFhirDocumentReference(text: string, meta: ExportMeta): FhirDocumentReference {
  const date = toDate(meta.createdAt);
  const instant = date ? date.toISOString() : new Date().toISOString();
  const title = meta.title?.trim() ? oneLine(meta.title) : documentTitleOf(meta);
  const subject = subjectOf(meta);
  const encounter = encounterOf(meta);
  return {
    resourceType: "DocumentReference",
    status: "current",
    docStatus: meta.edited ? "final" : "preliminary",
    type: { coding: [{ ...PROGRESS_NOTE }], text: PROGRESS_NOTE.display },
    ...(subject && { subject }),
    date: instant,
    author: [authorOf(meta)],
    description: title,
    content: [
      {
        attachment: {
          contentType: NOTE_CONTENT_TYPE,
          data: Buffer.from(summaryToMarkdown(text, meta), "utf8").toString("base64"),
          title,
          creation: instant,
        },
      },
    ],
    ...(encounter && { context: { encounter: [encounter] } }),
  };
}
