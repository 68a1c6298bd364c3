import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import { actorOf, requireWorkspaceUser, type CurrentUser } from "~/auth/auth.server";
import { readVerifiedForm } from "~/auth/csrf.server";
import { NotesWithHighlight } from "~/components/notes-with-highlight";
import type { SkipLinkHandle } from "~/components/skip-link";
import { StatusBadge } from "~/components/status-badge";
import { SummaryPanel } from "~/components/summary-panel";
import type { SourceSpan } from "~/components/summary-text";
import { recordAudit, type AuditAction } from "~/models/audit.server";
import { deleteConsultation, getConsultation } from "~/models/consultation.server";
import { getRating, rateSummary, RatingValidationError } from "~/models/rating.server";
import { addRevision, latestRevision, RevisionValidationError } from "~/models/revision.server";
import { getOwnedSummary, listSummaries } from "~/models/summary.server";
import { cancelSummary } from "~/services.server";
import { terminalFromSummary } from "~/summaries/summary-row-events.server";
import { checkSummaryRateLimit } from "~/summaries/rate-limit.server";
import { createSummaryFor } from "~/summaries/summary-service.server";
import type { Store } from "~/db/store.server";

const FINISHED = new Set(["complete", "failed", "cancelled"]);

export const handle: SkipLinkHandle = { skipLink: { href: "#summary", label: "Skip to summary" } };

/** The user's own consultation, or 404 (also for someone else's, so ids are never confirmed). */
async function requireOwnConsultation(
  store: Store,
  user: CurrentUser,
  consultationId: string | undefined,
  action: AuditAction,
) {
  const consultation = consultationId
    ? await getConsultation(store, { id: consultationId, ownerId: user.id })
    : undefined;
  if (!consultation) {
    await recordAudit(store, {
      ...actorOf(user),
      action,
      outcome: "denied",
      consultationId,
      detail: "not_found",
    });
    throw new Response("Not found", { status: 404 });
  }
  return consultation;
}

export async function loader(args: LoaderFunctionArgs) {
  const { store } = args.context.services;
  const user = await requireWorkspaceUser(args, "page");
  const consultation = await requireOwnConsultation(store, user, args.params.consultationId, "view");
  await recordAudit(store, {
    ...actorOf(user),
    action: "view",
    outcome: "allowed",
    consultationId: consultation.id,
  });
  const [latest, ...earlier] = await listSummaries(store, consultation.id);
  const ratingOf = async (summaryId: string, raterId: string) => {
    const rating = await getRating(store, { summaryId, raterId });
    return rating ? { clarity: rating.clarity, comment: rating.comment } : null;
  };
  const revisionText = latest ? ((await latestRevision(store, latest.id))?.text ?? null) : null;
  const shownText = revisionText ?? latest?.text ?? "";
  const sourceCheck =
    latest?.status === "complete"
      ? await args.context.services.sourceChecks.check(shownText, consultation.notes)
      : null;
  return json({
    sendToEhr: args.context.services.fhirPush !== undefined,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      notes: consultation.notes,
      createdAt: consultation.createdAt,
    },
    summary: latest
      ? {
          id: latest.id,
          text: FINISHED.has(latest.status) ? latest.text : "",
          revisionText,
          sourceCheck,
          rating: await ratingOf(latest.id, user.id),
          terminal: FINISHED.has(latest.status) ? terminalFromSummary(latest) : null,
          origin: { provider: latest.provider, model: latest.model, promptVersion: latest.promptVersion },
        }
      : null,
    earlier: earlier.map((summary) => ({
      id: summary.id,
      status: summary.status,
      createdAt: summary.createdAt,
      promptVersion: summary.promptVersion,
      model: summary.model,
    })),
  });
}

export async function action(args: ActionFunctionArgs) {
  const { store } = args.context.services;
  const user = await requireWorkspaceUser(args, "page");
  const form = await readVerifiedForm(args.context.services.csrf, args.request);
  const { services } = args.context;
  const intent = String(form.get("intent") ?? "");
  const audited = (action: AuditAction) =>
    requireOwnConsultation(store, user, args.params.consultationId, action);

  if (intent === "regenerate") {
    const consultation = await audited("regenerate");
    const limited = await checkSummaryRateLimit(services.summaryRateLimiter, user);
    if (limited) return json({ error: limited }, { status: limited.status, headers: limited.headers });
    const summary = await createSummaryFor(services, consultation);
    await recordAudit(store, {
      ...actorOf(user),
      action: "regenerate",
      outcome: "allowed",
      consultationId: consultation.id,
      summaryId: summary.id,
    });
    return redirect(`/consultations/${consultation.id}`);
  }
  if (intent === "stop") {
    const consultation = await audited("stop");
    const owned = await getOwnedSummary(store, { id: String(form.get("summaryId") ?? ""), ownerId: user.id });
    if (!owned || owned.consultation.id !== consultation.id) throw new Response("Not found", { status: 404 });
    cancelSummary(services, owned.summary.id, "Stopped by the clinician.");
    await recordAudit(store, {
      ...actorOf(user),
      action: "stop",
      outcome: "allowed",
      consultationId: consultation.id,
      summaryId: owned.summary.id,
    });
    return json({ stopped: true });
  }
  if (intent === "edit" || intent === "rate") {
    const consultation = await audited(intent);
    const summaryId = String(form.get("summaryId") ?? "");
    const owned = await getOwnedSummary(store, { id: summaryId, ownerId: user.id });
    if (!owned || owned.consultation.id !== consultation.id) throw new Response("Not found", { status: 404 });
    try {
      if (intent === "edit")
        await addRevision(store, { summaryId, ownerId: user.id, text: String(form.get("text") ?? "") });
      else {
        const comment = String(form.get("comment") ?? "");
        await rateSummary(store, {
          summaryId,
          ownerId: user.id,
          raterId: user.id,
          clarity: Number(form.get("clarity")),
          comment,
        });
      }
    } catch (error) {
      if (error instanceof RevisionValidationError || error instanceof RatingValidationError) {
        return json({ error: { code: intent, message: error.message } }, { status: 400 });
      }
      throw error;
    }
    await recordAudit(store, {
      ...actorOf(user),
      action: intent,
      outcome: "allowed",
      consultationId: consultation.id,
      summaryId,
    });
    return json({ saved: intent });
  }
  if (intent === "delete") {
    const consultation = await audited("delete");
    for (const summary of await listSummaries(store, consultation.id))
      cancelSummary(services, summary.id, "The consultation was deleted.");
    await deleteConsultation(store, { id: consultation.id, ownerId: user.id });
    await recordAudit(store, {
      ...actorOf(user),
      action: "delete",
      outcome: "allowed",
      consultationId: consultation.id,
    });
    return redirect("/");
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function ConsultationPage() {
  const { consultation, summary, earlier, sendToEhr } = useLoaderData<typeof loader>();
  const [highlight, setHighlight] = useState<SourceSpan | null>(null);
  return (
    <div className="consultation-layout">
      <section className="card" aria-labelledby="notes-title">
        <p className="breadcrumb">
          <Link to="/">← All consultations</Link>
        </p>
        <h1 id="notes-title">{consultation.title || "Consultation"}</h1>
        <p className="muted small">
          Created{" "}
          <time dateTime={consultation.createdAt} suppressHydrationWarning>
            {new Date(consultation.createdAt).toLocaleString("en-GB")}
          </time>
        </p>
        <h2 className="section-label">Notes</h2>
        <NotesWithHighlight notes={consultation.notes} highlight={highlight} />
        <Form
          method="post"
          className="actions"
          onSubmit={(event) => {
            if (!window.confirm("Delete this consultation and its summaries now? This cannot be undone.")) {
              event.preventDefault();
            }
          }}
        >
          <AuthenticityTokenInput />
          <button type="submit" name="intent" value="delete" className="danger">
            Delete consultation
          </button>
        </Form>
      </section>

      <section className="card" id="summary" tabIndex={-1} aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        {summary ? (
          <SummaryPanel
            key={summary.id}
            {...summary}
            consultationId={consultation.id}
            sendToEhr={sendToEhr}
            onShowSource={setHighlight}
          />
        ) : (
          <Form method="post">
            <AuthenticityTokenInput />
            <button type="submit" name="intent" value="regenerate" className="primary">
              Generate summary
            </button>
          </Form>
        )}
        {earlier.length > 0 ? (
          <details className="earlier">
            <summary>{`Earlier summaries (${earlier.length})`}</summary>
            <ul>
              {earlier.map((item) => (
                <li key={item.id}>
                  <StatusBadge status={item.status} /> {item.model}, prompt {item.promptVersion},{" "}
                  <time dateTime={item.createdAt} suppressHydrationWarning>
                    {new Date(item.createdAt).toLocaleString("en-GB")}
                  </time>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
