// A summary as a FHIR R4 Composition.
import { escapeHtml } from "@consult-summary/core/text";

import { documentTitleOf, toDate, type ExportMeta } from "./export-meta";
import { authorOf, encounterOf, subjectOf } from "./fhir-references";
import type { FhirComposition, FhirCompositionSection, FhirCoding } from "./fhir-resources";
import { fhirSectionCode, LOINC_SYSTEM } from "./loinc-sections";
import { oneLine, sectionsOf, stripInline, type Section } from "./summary-sections";

const XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

const CONSULT_NOTE: FhirCoding = { system: LOINC_SYSTEM, code: "11488-4", display: "Consult note" };

/** Escapes text for XHTML element content and attribute values. */
export const escapeXhtml = escapeHtml;

function sectionDiv(section: Section): string {
  const body = section.blocks
    .map((block) =>
      block.kind === "list"
        ? `<ul>${block.items.map((item) => `<li>${escapeXhtml(stripInline(item))}</li>`).join("")}</ul>`
        : `<p>${escapeXhtml(stripInline(block.text))}</p>`,
    )
    .join("");
  // FHIR narrative must have some content (txt-2), so a heading with nothing under it says so.
  return `<div xmlns="${XHTML_NAMESPACE}">${body || "<p>No content.</p>"}</div>`;
}

/**
 * The summary as a FHIR R4 Composition (LOINC 11488-4 "Consult note"): one section per `## `
 * heading (text before the first heading becomes a "Summary" section), coded with LOINC where the
 * title is well known, each with a generated XHTML narrative. "final" when meta.edited, else
 * "preliminary".
 */
export function summaryToFhirComposition(text: string, meta: ExportMeta): FhirComposition {
  const date = toDate(meta.createdAt);
  const subject = subjectOf(meta);
  const encounter = encounterOf(meta);
  const sections = sectionsOf(text).map((section): FhirCompositionSection => {
    const title = section.title === null ? "Summary" : stripInline(section.title);
    const coding = section.title === null ? undefined : fhirSectionCode(section.title);
    return {
      title,
      ...(coding && { code: { coding: [coding], text: title } }),
      text: { status: "generated", div: sectionDiv(section) },
    };
  });
  return {
    resourceType: "Composition",
    status: meta.edited ? "final" : "preliminary",
    type: { coding: [{ ...CONSULT_NOTE }], text: CONSULT_NOTE.display },
    ...(subject && { subject }),
    ...(encounter && { encounter }),
    date: date ? date.toISOString() : String(meta.createdAt),
    author: [authorOf(meta)],
    title: meta.title?.trim() ? oneLine(meta.title) : documentTitleOf(meta),
    ...(sections.length > 0 && { section: sections }),
  };
}
