import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { requireUserId } from "~/auth/auth.server";
import { StatusBadge } from "~/components/status-badge";
import { SummaryPanel } from "~/components/summary-panel";
import { getConsultation } from "~/models/consultation.server";
import { getOwnedSummary, listSummaries } from "~/models/summary.server";
import { getGenerations } from "~/services.server";
import { terminalFromSummary } from "~/streaming/summary-row-events.server";
import { createSummaryFor } from "~/summaries/summary-service.server";

const FINISHED = new Set(["complete", "failed", "cancelled"]);

function requireConsultation(request: Request, consultationId: string | undefined) {
  const ownerId = requireUserId(request);
  const consultation = consultationId ? getConsultation({ id: consultationId, ownerId }) : undefined;
  if (!consultation) throw new Response("Not found", { status: 404 });
  return { ownerId, consultation };
}

export function loader({ request, params }: LoaderFunctionArgs) {
  const { consultation } = requireConsultation(request, params.consultationId);
  const [latest, ...earlier] = listSummaries(consultation.id);
  return json({
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

export async function action({ request, params }: ActionFunctionArgs) {
  const { ownerId, consultation } = requireConsultation(request, params.consultationId);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "regenerate") {
    createSummaryFor(consultation);
    return redirect(`/consultations/${consultation.id}`);
  }
  if (intent === "stop") {
    const owned = getOwnedSummary({ id: String(form.get("summaryId") ?? ""), ownerId });
    if (!owned || owned.consultation.id !== consultation.id) throw new Response("Not found", { status: 404 });
    getGenerations().cancel(owned.summary.id, "Stopped by the clinician.");
    return json({ stopped: true });
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function ConsultationPage() {
  const { consultation, summary, earlier } = useLoaderData<typeof loader>();
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
        <pre className="notes-text">{consultation.notes}</pre>
      </section>

      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        {summary ? (
          <SummaryPanel key={summary.id} {...summary} />
        ) : (
          <Form method="post">
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
