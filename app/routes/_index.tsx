import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import { actorOf, requireUser, requireWorkspaceUser, WORKSPACE_ROLES } from "~/auth/auth.server";
import { readVerifiedForm } from "~/auth/csrf.server";
import { NewConsultationForm } from "~/components/new-consultation-form";
import { StatusBadge } from "~/components/status-badge";
import { checkNotes, TITLE_MAX_CHARACTERS } from "~/consultations/notes-input";
import { recordAudit } from "~/models/audit.server";
import { createConsultation, listConsultations } from "~/models/consultation.server";
import { choosePrompt, promptChoices } from "~/summaries/prompt-choice.server";
import { checkSummaryRateLimit } from "~/summaries/rate-limit.server";
import { createSummaryFor } from "~/summaries/summary-service.server";
import { ApiErrorResponse } from "~/utils/api-errors.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, "page");
  const query = new URL(args.request.url).searchParams.get("q") ?? "";
  if (!WORKSPACE_ROLES.includes(user.role)) {
    return json({ reviewer: true as const, consultations: [], query, prompts: null });
  }
  await recordAudit({ ...actorOf(user), action: "list", outcome: "allowed" });
  return json({
    reviewer: false as const,
    consultations: await listConsultations({ ownerId: user.id, query }),
    query,
    prompts: promptChoices(user),
  });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireWorkspaceUser(args, "page");
  const form = await readVerifiedForm(args.request);
  const notes = String(form.get("notes") ?? "");
  const title = String(form.get("title") ?? "")
    .trim()
    .slice(0, TITLE_MAX_CHARACTERS);
  let prompt;
  try {
    prompt = choosePrompt(user, String(form.get("promptVersion") ?? "") || undefined);
  } catch (error) {
    if (!(error instanceof ApiErrorResponse)) throw error;
    const { status, code, message } = error;
    return json({ error: { status, code, message } }, { status });
  }
  const problem = checkNotes(notes) ?? (await checkSummaryRateLimit(user));
  if (problem) {
    const headers = "headers" in problem ? problem.headers : undefined;
    return json({ error: problem }, { status: problem.status, headers });
  }

  const consultation = await createConsultation({ ownerId: user.id, notes, title });
  await recordAudit({
    ...actorOf(user),
    action: "create",
    outcome: "allowed",
    consultationId: consultation.id,
  });
  await createSummaryFor(consultation, { prompt });
  return redirect(`/consultations/${consultation.id}`);
}

export default function ConsultationsIndex() {
  const { consultations, reviewer, query, prompts } = useLoaderData<typeof loader>();
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
          <NewConsultationForm error={actionData?.error.message} submitting={submitting} prompts={prompts} />
        </Form>
      </section>

      <section aria-labelledby="list-title" className="card">
        <h2 id="list-title">Consultations</h2>
        <Form method="get" role="search" className="search-form">
          <label htmlFor="search-consultations" className="visually-hidden">
            Search by title or patient reference
          </label>
          <input
            id="search-consultations"
            type="search"
            name="q"
            defaultValue={query}
            placeholder="Search by title or patient reference"
          />
          <button type="submit">Search</button>
        </Form>
        {consultations.length === 0 ? (
          query ? (
            <p className="muted">
              Nothing matches “{query}”. <Link to="/">Show all consultations</Link>
            </p>
          ) : (
            <p className="muted">
              No consultations yet. Paste a transcript or notes on the left, or load the example, then press
              <em> Summarize</em>.
            </p>
          )
        ) : (
          <ul className="consultation-list">
            {consultations.map((item) => (
              <li key={item.id}>
                <Link to={`/consultations/${item.id}`}>
                  <span className="consultation-title">{item.title || item.preview || "Untitled"}</span>
                  <span className="consultation-meta">
                    <time dateTime={item.createdAt} suppressHydrationWarning>
                      {new Date(item.createdAt).toLocaleString("en-GB")}
                    </time>
                    {item.latestStatus ? <StatusBadge status={item.latestStatus} /> : null}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
