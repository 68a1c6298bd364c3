import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import {
  actorOf,
  requireUser,
  requireWorkspaceUser,
  WORKSPACE_ROLES,
  type CurrentUser,
} from "~/auth/auth.server";
import { readVerifiedForm } from "~/auth/csrf.server";
import { ConsultationList } from "~/components/consultation-list";
import { NewConsultationForm } from "~/components/new-consultation-form";
import { checkNotes, TITLE_MAX_CHARACTERS } from "~/consultations/notes-input";
import { recordAudit } from "~/models/audit.server";
import { readEhrIds } from "~/consultations/ehr-ids";
import { createConsultation, listConsultations } from "~/models/consultation.server";
import { choosePromptOfType, noteTypeOptions, promptChoices } from "~/summaries/prompt-choice.server";
import { checkSummaryRateLimit } from "~/summaries/rate-limit.server";
import type { Store } from "~/db/store.server";
import type { Services } from "~/services.server";
import { createSummaryFor } from "~/summaries/summary-service.server";
import { ApiErrorResponse } from "~/utils/api-errors.server";

export async function loader(args: LoaderFunctionArgs) {
  const { store } = args.context.services;
  const user = await requireUser(args, "page");
  if (!WORKSPACE_ROLES.includes(user.role)) {
    return json({ reviewer: true as const, consultations: [], prompts: null, noteTypes: [] });
  }
  await recordAudit(store, { ...actorOf(user), action: "list", outcome: "allowed" });
  return json({
    reviewer: false as const,
    consultations: await listConsultations(store, { ownerId: user.id }),
    prompts: promptChoices(user, args.context.services.prompts),
    noteTypes: noteTypeOptions(user, args.context.services.noteTypeCatalogs),
  });
}

/** Posted forms: a search of the list (intent=search), or a new consultation to summarize. */
export async function action(args: ActionFunctionArgs) {
  const user = await requireWorkspaceUser(args, "page");
  const form = await readVerifiedForm(args.context.services.csrf, args.request);
  if (form.get("intent") === "search") return searchConsultations(args.context.services.store, user, form);
  return startConsultation(args.context.services, user, form);
}

// A search is posted, never sent as ?q=: the patient reference stays out of URLs, browser history
// and request logs.
async function searchConsultations(store: Store, user: CurrentUser, form: FormData) {
  const query = String(form.get("q") ?? "")
    .trim()
    .slice(0, TITLE_MAX_CHARACTERS);
  await recordAudit(store, { ...actorOf(user), action: "list", outcome: "allowed" });
  return json({
    search: { query, consultations: await listConsultations(store, { ownerId: user.id, query }) },
  });
}

async function startConsultation(services: Services, user: CurrentUser, form: FormData) {
  const { store } = services;
  const notes = String(form.get("notes") ?? "");
  const title = String(form.get("title") ?? "")
    .trim()
    .slice(0, TITLE_MAX_CHARACTERS);
  let prompt;
  try {
    prompt = choosePromptOfType(
      user,
      {
        noteType: String(form.get("noteType") ?? "") || undefined,
        promptVersion: String(form.get("promptVersion") ?? "") || undefined,
      },
      services.noteTypeCatalogs,
    );
  } catch (error) {
    if (!(error instanceof ApiErrorResponse)) throw error;
    const { status, code, message } = error;
    return json({ error: { status, code, message } }, { status });
  }
  const ehrIds = readEhrIds(form);
  if ("error" in ehrIds) return json({ error: ehrIds.error }, { status: ehrIds.error.status });
  const problem = checkNotes(notes) ?? (await checkSummaryRateLimit(services.summaryRateLimiter, user));
  if (problem) {
    const headers = "headers" in problem ? problem.headers : undefined;
    return json({ error: problem }, { status: problem.status, headers });
  }

  const consultation = await createConsultation(store, { ownerId: user.id, notes, title, ...ehrIds });
  await recordAudit(store, {
    ...actorOf(user),
    action: "create",
    outcome: "allowed",
    consultationId: consultation.id,
  });
  await createSummaryFor(services, consultation, { prompt });
  return redirect(`/consultations/${consultation.id}`);
}

// A search changes nothing: the list the page loaded stays as it is under the results.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "search" ? false : defaultShouldRevalidate;

export default function ConsultationsIndex() {
  const { consultations, reviewer, prompts, noteTypes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";

  if (reviewer) {
    return (
      <section className="card">
        <h1>Reviewer account</h1>
        <p>Reviewer accounts rate evaluation outputs and never see clinicians&apos; consultations.</p>
      </section>
    );
  }

  return (
    <div className="index-layout">
      <section aria-labelledby="new-title" className="card">
        <h1 id="new-title">New consultation</h1>
        <Form method="post" className="stack">
          <AuthenticityTokenInput />
          <NewConsultationForm
            error={actionData && "error" in actionData ? actionData.error : undefined}
            submitting={submitting}
            prompts={prompts}
            noteTypes={noteTypes}
          />
        </Form>
      </section>

      <section aria-labelledby="list-title" className="card">
        <h2 id="list-title">Consultations</h2>
        <ConsultationList
          consultations={consultations}
          searchedWithoutScript={actionData && "search" in actionData ? actionData.search : undefined}
        />
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
