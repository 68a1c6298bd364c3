import type { LoaderFunctionArgs } from "@remix-run/node";

import { actorOf, requireWorkspaceUser } from "~/auth/auth.server";
import { recordAudit } from "~/models/audit.server";
import { getExportableSummary } from "~/summaries/exports/exportable-summary.server";
import { attachmentDisposition, exportFileName } from "~/summaries/exports/export-filename";
import { summaryToFhirComposition } from "~/summaries/exports/fhir-composition";
import { summaryToFhirDocumentReference } from "~/summaries/exports/fhir-document-reference";
import { summaryToMarkdown, summaryToPlainText } from "~/summaries/exports/markdown-and-plain-text";

const FORMATS = {
  md: { type: "text/markdown; charset=utf-8", extension: "md" },
  txt: { type: "text/plain; charset=utf-8", extension: "txt" },
  fhir: { type: "application/fhir+json; charset=utf-8", extension: "fhir.json" },
  "fhir-document": {
    type: "application/fhir+json; charset=utf-8",
    extension: "document-reference.fhir.json",
  },
} as const;

/** Downloads the latest complete summary (the clinician's edit when there is one) as Markdown, text or FHIR. */
export async function loader(args: LoaderFunctionArgs) {
  const { store } = args.context.services;
  const user = await requireWorkspaceUser(args, "page");
  const consultationId = args.params.consultationId;
  const exportable = await getExportableSummary(store, user, consultationId);
  if (!exportable) {
    await recordAudit(store, {
      ...actorOf(user),
      action: "export",
      outcome: "denied",
      consultationId,
      detail: "not_found",
    });
    throw new Response("Not found", { status: 404 });
  }
  const format = new URL(args.request.url).searchParams.get("format") ?? "md";
  if (!(format in FORMATS))
    throw new Response("format must be md, txt, fhir or fhir-document", { status: 400 });
  const { type, extension } = FORMATS[format as keyof typeof FORMATS];

  const { consultation, summary, text, meta } = exportable;
  const body =
    format === "fhir"
      ? JSON.stringify(summaryToFhirComposition(text, meta), null, 2)
      : format === "fhir-document"
        ? JSON.stringify(summaryToFhirDocumentReference(text, meta), null, 2)
        : format === "txt"
          ? summaryToPlainText(text, { footer: meta })
          : summaryToMarkdown(text, meta);
  await recordAudit(store, {
    ...actorOf(user),
    action: "export",
    outcome: "allowed",
    consultationId: consultation.id,
    summaryId: summary.id,
    detail: format,
  });
  return new Response(body, {
    headers: {
      "Content-Type": type,
      "Content-Disposition": attachmentDisposition(
        exportFileName(consultation.title, consultation.createdAt, extension),
      ),
      "Cache-Control": "no-store",
    },
  });
}
