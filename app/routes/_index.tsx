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
import { checkSummaryRateLimit } from "~/summaries/rate-limit.server";
import { createSummaryFor } from "~/summaries/summary-service.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, "page");
  if (!WORKSPACE_ROLES.includes(user.role)) return json({ reviewer: true as const, consultations: [] });
  recordAudit({ ...actorOf(user), action: "list", outcome: "allowed" });
  return json({ reviewer: false as const, consultations: listConsultations({ ownerId: user.id }) });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireWorkspaceUser(args, "page");
  const form = await readVerifiedForm(args.request);
  const notes = String(form.get("notes") ?? "");
  const title = String(form.get("title") ?? "")
    .trim()
    .slice(0, TITLE_MAX_CHARACTERS);
  const problem = checkNotes(notes) ?? checkSummaryRateLimit(user);
  if (problem) {
    const headers = "headers" in problem ? problem.headers : undefined;
    return json({ error: problem }, { status: problem.status, headers });
  }

  const consultation = createConsultation({ ownerId: user.id, notes, title });
  recordAudit({ ...actorOf(user), action: "create", outcome: "allowed", consultationId: consultation.id });
  createSummaryFor(consultation);
  return redirect(`/consultations/${consultation.id}`);
}

export default function ConsultationsIndex() {
  const { consultations, reviewer } = useLoaderData<typeof loader>();
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
          <NewConsultationForm error={actionData?.error.message} submitting={submitting} />
        </Form>
      </section>

      <section aria-labelledby="list-title" className="card">
        <h2 id="list-title">Consultations</h2>
        {consultations.length === 0 ? (
          <p className="muted">
            No consultations yet. Paste a transcript or notes on the left, or load the example, then press
            <em> Summarize</em>.
          </p>
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
