import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireUserId } from "~/auth/auth.server";
import { NewConsultationForm } from "~/components/new-consultation-form";
import { StatusBadge } from "~/components/status-badge";
import { checkNotes, TITLE_MAX_CHARACTERS } from "~/consultations/notes-input";
import { createConsultation, listConsultations } from "~/models/consultation.server";
import { createSummaryFor } from "~/summaries/summary-service.server";

export function loader({ request }: LoaderFunctionArgs) {
  const ownerId = requireUserId(request);
  return json({ consultations: listConsultations({ ownerId }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const ownerId = requireUserId(request);
  const form = await request.formData();
  const notes = String(form.get("notes") ?? "");
  const title = String(form.get("title") ?? "")
    .trim()
    .slice(0, TITLE_MAX_CHARACTERS);
  const problem = checkNotes(notes);
  if (problem) return json({ error: problem }, { status: problem.status });

  const consultation = createConsultation({ ownerId, notes, title });
  createSummaryFor(consultation);
  return redirect(`/consultations/${consultation.id}`);
}

export default function ConsultationsIndex() {
  const { consultations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";

  return (
    <div className="index-layout">
      <section aria-labelledby="new-title" className="card">
        <h1 id="new-title">New consultation</h1>
        <Form method="post" className="stack">
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
