import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  useLoaderData,
  type ClientActionFunctionArgs,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { z } from "zod";

import { actorOf, requireWorkspaceUser, type CurrentUser } from "~/auth/auth.server";
import { readVerifiedForm } from "~/auth/csrf.server";
import { EarlierSummaries } from "~/components/earlier-summaries";
import { EhrIdsForm } from "~/components/ehr-ids-form";
import { readEhrIds } from "~/consultations/ehr-ids";
import { isEditConflict } from "~/components/edit-conflict";
import { NotesWithHighlight } from "~/components/notes-with-highlight";
import { useShownBySkipLink, type SkipLinkHandle } from "~/components/skip-link";
import { SummaryPanel } from "~/components/summary-panel";
import type { SourceSpan } from "~/components/summary-text";
import { useMediaQuery } from "~/components/use-media-query";
import { panelId, tabId, ViewTabs, type ConsultationView } from "~/components/view-tabs";
import { recordAudit, type AuditAction } from "~/models/audit.server";
import { deleteConsultation, getConsultation, setEhrIds } from "~/models/consultation.server";
import { getRating, rateSummary, RatingValidationError } from "~/models/rating.server";
import {
  addRevision,
  currentText,
  listRevisions,
  RevisionValidationError,
  type CurrentText,
} from "~/models/revision.server";
import { getOwnedSummary, listSummaries } from "~/models/summary.server";
import type { Summary } from "~/db/schema.server";
import { cancelSummary } from "~/services.server";
import { terminalFromSummary } from "~/summaries/summary-row-events.server";
import { checkSummaryRateLimit } from "~/summaries/rate-limit.server";
import { useLatestOnFocus } from "~/summaries/client/use-latest-on-focus";
import { createSummaryFor } from "~/summaries/summary-service.server";
import { regeneratedPrompt } from "~/summaries/regenerate-note-type.server";
import { noteTypeOptions } from "~/summaries/prompt-choice.server";
import { noteTypeOf } from "~/summaries/note-types";
import { NoteTypeChoice } from "~/components/note-type-choice";
import type { Store } from "~/db/store.server";
import { answerOrUnreachable, isServerUnreachable } from "~/utils/server-unreachable";

const FINISHED = new Set(["complete", "failed", "cancelled"]);
const basedOnSchema = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

/** What an earlier summary shows: each text it had, the clinician's revisions newest first, then the model's. */
async function earlierSummary(store: Store, summary: Summary) {
  const revisions = await listRevisions(store, summary.id);
  return {
    id: summary.id,
    status: summary.status,
    errorCode: summary.errorCode,
    createdAt: summary.createdAt,
    promptVersion: summary.promptVersion,
    model: summary.model,
    versions: [
      ...revisions.map((revision) => ({
        number: revision.number,
        text: revision.text,
        createdAt: revision.createdAt,
      })),
      ...(summary.text
        ? [{ number: 0, text: summary.text, createdAt: summary.finishedAt ?? summary.createdAt }]
        : []),
    ],
  };
}

/** 409 for a save based on a text that is no longer the newest: both texts, so neither is lost. */
function editConflict(mine: string, theirs: CurrentText, theirsSummaryId: string, newSummary: boolean) {
  const message = newSummary
    ? "A new summary was generated in another tab or window after you started editing."
    : "This summary was changed in another tab or window after you started editing.";
  return json(
    {
      error: {
        code: "edit_conflict" as const,
        message,
        mine,
        theirs: theirs.text,
        theirsRevision: theirs.number,
        theirsSummaryId,
      },
    },
    { status: 409, headers: { "Cache-Control": "no-store" } },
  );
}

function ehrIdsDetail(ids: { fhirPatientId?: string; fhirEncounterId?: string }): string {
  const set = [ids.fhirPatientId && "patient", ids.fhirEncounterId && "encounter"].filter(Boolean);
  return set.length > 0 ? `set:${set.join("+")}` : "cleared";
}

export const handle: SkipLinkHandle = {
  skipLink: { href: `#${panelId("summary")}`, label: "Skip to summary" },
};

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
  const current = latest ? await currentText(store, latest) : null;
  const revisionText = current && current.number > 0 ? current.text : null;
  const shownText = revisionText ?? latest?.text ?? "";
  const sourceCheck =
    latest?.status === "complete"
      ? await args.context.services.sourceChecks.check(
          shownText,
          consultation.notes,
          args.context.services.noteTypeCatalogs.get(latest.promptId)?.get(latest.promptVersion)?.format,
        )
      : null;
  return json({
    sendToEhr: args.context.services.fhirPush !== undefined,
    consultation: {
      id: consultation.id,
      title: consultation.title,
      notes: consultation.notes,
      createdAt: consultation.createdAt,
      ehrIds: { patient: consultation.fhirPatientId, encounter: consultation.fhirEncounterId },
    },
    noteType: latest ? (noteTypeOf(latest.promptId) ?? null) : null,
    noteTypes: noteTypeOptions(user, args.context.services.noteTypeCatalogs),
    summary: latest
      ? {
          id: latest.id,
          text: FINISHED.has(latest.status) ? latest.text : "",
          revisionText,
          revision: current?.number ?? 0,
          sourceCheck,
          rating: await ratingOf(latest.id, user.id),
          terminal: FINISHED.has(latest.status) ? terminalFromSummary(latest) : null,
          origin: { provider: latest.provider, model: latest.model, promptVersion: latest.promptVersion },
        }
      : null,
    earlier: await Promise.all(earlier.map((summary) => earlierSummary(store, summary))),
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
    const prompt = await regeneratedPrompt(store, user, services.noteTypeCatalogs, consultation.id, form);
    if ("code" in prompt) return json({ error: prompt }, { status: prompt.status });
    const limited = await checkSummaryRateLimit(services.summaryRateLimiter, user);
    if (limited) return json({ error: limited }, { status: limited.status, headers: limited.headers });
    const summary = await createSummaryFor(services, consultation, { prompt });
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
  if (intent === "edit") {
    const consultation = await audited("edit");
    const summaryId = String(form.get("summaryId") ?? "");
    const mine = String(form.get("text") ?? "");
    const basedOn = basedOnSchema.safeParse(form.get("basedOn"));
    if (!basedOn.success) {
      return json(
        { error: { code: "edit", message: "The edit does not say which revision it was based on." } },
        { status: 400 },
      );
    }
    const owned = await getOwnedSummary(store, { id: summaryId, ownerId: user.id });
    if (!owned || owned.consultation.id !== consultation.id) throw new Response("Not found", { status: 404 });
    // A refused save is audited like a denied one: nothing was written, and no text is kept.
    const refuseAsConflict = async (...conflict: Parameters<typeof editConflict>) => {
      await recordAudit(store, {
        ...actorOf(user),
        action: "edit",
        outcome: "denied",
        consultationId: consultation.id,
        summaryId,
        detail: "edit_conflict",
      });
      return editConflict(...conflict);
    };
    const [newest] = await listSummaries(store, consultation.id);
    if (newest && newest.id !== summaryId) {
      return refuseAsConflict(mine, await currentText(store, newest), newest.id, true);
    }
    let result;
    try {
      result = await addRevision(store, { summaryId, ownerId: user.id, text: mine, basedOn: basedOn.data });
    } catch (error) {
      if (error instanceof RevisionValidationError) {
        return json({ error: { code: "edit", message: error.message } }, { status: 400 });
      }
      throw error;
    }
    if (!result) throw new Response("Not found", { status: 404 });
    if (result.status === "conflict") return refuseAsConflict(mine, result.theirs, summaryId, false);
    await recordAudit(store, {
      ...actorOf(user),
      action: "edit",
      outcome: "allowed",
      consultationId: consultation.id,
      summaryId,
    });
    return json({ saved: "edit" as const, revision: result.revision.number });
  }
  if (intent === "ehr-ids") {
    const consultation = await audited("ehr_ids");
    const ids = readEhrIds(form);
    if ("error" in ids) return json({ error: ids.error }, { status: ids.error.status });
    await setEhrIds(store, { id: consultation.id, ownerId: user.id, ...ids });
    // The ids identify a patient: the audit says which are set, never their values.
    await recordAudit(store, {
      ...actorOf(user),
      action: "ehr_ids",
      outcome: "allowed",
      consultationId: consultation.id,
      detail: ehrIdsDetail(ids),
    });
    return json({ saved: "ehr-ids" as const });
  }
  if (intent === "rate") {
    const consultation = await audited(intent);
    const summaryId = String(form.get("summaryId") ?? "");
    const owned = await getOwnedSummary(store, { id: summaryId, ownerId: user.id });
    if (!owned || owned.consultation.id !== consultation.id) throw new Response("Not found", { status: 404 });
    try {
      await rateSummary(store, {
        summaryId,
        ownerId: user.id,
        raterId: user.id,
        clarity: Number(form.get("clarity")),
        comment: String(form.get("comment") ?? ""),
      });
    } catch (error) {
      if (error instanceof RatingValidationError) {
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

/** Below this width the summary and the notes do not fit side by side: they become tabs. */
const NARROW = "(max-width: 1023.98px)";

/** Back on the summary tab: the line last chosen in view (and focused, after "Back to summary"). */
function returnToChosenLine(focus: boolean) {
  const line = document.querySelector<HTMLElement>(
    `#${panelId("summary")} .summary-item[aria-current="true"]`,
  );
  if (!line) return document.getElementById(panelId("summary"))?.scrollIntoView();
  if (focus) line.focus({ preventScroll: true });
  line.scrollIntoView({ block: "center" });
}

/** On the notes tab opened on a line's source: the notes take the focus (the line is hidden now). */
function focusNotes() {
  document.querySelector<HTMLElement>(`#${panelId("notes")} .notes-text`)?.focus({ preventScroll: true });
}

export default function ConsultationPage() {
  const { consultation, summary, earlier, sendToEhr, noteType, noteTypes } = useLoaderData<typeof loader>();
  const [highlight, setHighlight] = useState<SourceSpan | null>(null);
  const [view, setView] = useState<ConsultationView>("summary");
  const narrow = useMediaQuery(NARROW);
  const [editing, setEditing] = useState(false);
  const [restoring, setRestoring] = useState<{ text: string; label: string } | null>(null);
  const clearRestoring = useCallback(() => setRestoring(null), []);
  const { notice, dismiss } = useLatestOnFocus(
    { summaryId: summary?.id ?? null, revision: summary?.revision ?? 0 },
    editing,
  );
  // Side by side, the source shows beside the line; as tabs, the notes tab opens on it.
  const showSource = useCallback(
    (span: SourceSpan | null) => {
      setHighlight(span);
      if (span && narrow) {
        focusFollows.current = true;
        setView("notes");
      }
    },
    [narrow],
  );
  // The view changes with the focus: on showing a line's source, and on "Back to summary".
  const focusFollows = useRef(false);
  const shownView = useRef(view);
  const showSummary = useCallback(() => setView("summary"), []);
  useShownBySkipLink(panelId("summary"), showSummary);
  useEffect(() => {
    if (shownView.current === view) return;
    shownView.current = view;
    if (view === "summary") returnToChosenLine(focusFollows.current);
    else if (focusFollows.current) focusNotes();
    else if (!highlight) document.getElementById(panelId("notes"))?.scrollIntoView();
    focusFollows.current = false;
    // On a change of view only: a new highlight brings itself into view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view]);
  const panel = (which: ConsultationView, heading: string) =>
    narrow
      ? { id: panelId(which), role: "tabpanel", "aria-labelledby": tabId(which) }
      : { id: panelId(which), "aria-labelledby": heading };
  return (
    <div className="consultation-page" data-view={view}>
      <header className="consultation-head">
        <p className="breadcrumb">
          <Link to="/">← All consultations</Link>
        </p>
        <h1>{consultation.title || "Consultation"}</h1>
        <p className="muted small">
          Created{" "}
          <time dateTime={consultation.createdAt} suppressHydrationWarning>
            {new Date(consultation.createdAt).toLocaleString("en-GB")}
          </time>
        </p>
      </header>
      <ViewTabs view={view} onChange={setView} />
      <div className="consultation-layout">
        <section className="card summary-column" tabIndex={-1} {...panel("summary", "summary-title")}>
          <h2 id="summary-title">Summary</h2>
          <NoteTypeChoice
            current={noteType}
            options={noteTypes}
            hasSummary={summary !== null}
            edited={(summary?.revision ?? 0) > 0}
          />
          <div role="status" className="latest-notice-region">
            {notice ? (
              <p className="latest-notice">
                {notice}{" "}
                <button type="button" className="link-button" onClick={dismiss}>
                  Dismiss
                </button>
              </p>
            ) : null}
          </div>
          <EhrIdsForm ids={consultation.ehrIds} />
          {summary ? (
            <SummaryPanel
              key={summary.id}
              {...summary}
              consultationId={consultation.id}
              sendToEhr={sendToEhr}
              onShowSource={showSource}
              restoring={restoring}
              onRestoreHandled={clearRestoring}
              onEditingChange={setEditing}
            />
          ) : null}
          {earlier.length > 0 ? (
            <EarlierSummaries
              summaries={earlier}
              canRestore={summary?.terminal?.event === "done" && !editing}
              onRestore={(text) => {
                setRestoring(text);
                document.getElementById("summary-title")?.scrollIntoView();
              }}
            />
          ) : null}
        </section>

        <section className="card notes-column" {...panel("notes", "notes-title")}>
          {/* In print after the summary, and only with "Include notes in print" ticked (app.css). */}
          <div className="print-notes">
            <div className="notes-head">
              <h2 id="notes-title" className="section-label">
                Notes
              </h2>
              {narrow ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    focusFollows.current = true;
                    setView("summary");
                  }}
                >
                  ← Back to summary
                </button>
              ) : null}
            </div>
            <NotesWithHighlight
              notes={consultation.notes}
              highlight={highlight}
              shown={!narrow || view === "notes"}
            />
          </div>
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
      </div>
    </div>
  );
}

export const clientAction = ({ serverAction }: ClientActionFunctionArgs) =>
  answerOrUnreachable(() => serverAction<typeof action>());

/**
 * An edit that met a newer text, or a post that never reached the server, keeps the page as it is:
 * the editor with the clinician's text stays (and nothing is reloaded from a server out of reach).
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => {
  const error = (actionResult as { error?: unknown } | undefined)?.error;
  return isEditConflict(error) || isServerUnreachable(error) ? false : defaultShouldRevalidate;
};

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
