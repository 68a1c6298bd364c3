import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { actorOf } from "~/auth/auth.server";
import { readVerifiedForm } from "~/auth/csrf.server";
import { ReviewEmptyState } from "~/components/review-empty-state";
import { ReviewBlindCase, ReviewReveal, ReviewSingleCase } from "~/components/review-queue-case";
import { recordAudit } from "~/models/audit.server";
import { requireReviewer } from "~/review/access.server";
import { saveReviewRating } from "~/models/review-rating.server";
import { mirrorReviewRatings } from "~/review/durable-ratings.server";
import { EVAL_RUN_COMMAND } from "~/review/eval-store.server";
import { loadQueue, saveRating } from "~/review/queue/load-and-save.server";
import { parseRatingForm, QueueInputError } from "~/review/queue/queue-input.server";

export const meta: MetaFunction = () => [{ title: "Review queue — Consult Summary" }];

function queryOf(request: Request) {
  const url = new URL(request.url);
  const version = url.searchParams.get("version")?.trim() ?? "";
  const blind = url.searchParams.get("blind")?.trim() || null;
  return { url, version, blind, revealed: url.searchParams.get("revealed") };
}

function queueHref(version: string, blind: string | null, revealed?: string): string {
  const params = new URLSearchParams({ version });
  if (blind) params.set("blind", blind);
  if (revealed) params.set("revealed", revealed);
  return `/review/queue?${params}`;
}

function badRequest(error: unknown): never {
  if (error instanceof QueueInputError) {
    throw new Response(error.message, { status: error.status, headers: { "Cache-Control": "no-store" } });
  }
  throw error;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireReviewer(args);
  const { version, blind, revealed } = queryOf(args.request);
  if (!version) return redirect("/review");
  const headers = { "Cache-Control": "no-store" };
  const db = args.context.services.evalStore.get();
  if (!db) return json({ store: false as const, command: EVAL_RUN_COMMAND }, { headers });
  await mirrorReviewRatings(args.context.services.store, db);
  try {
    const view = loadQueue(db, args.context.services.prompts, { version, blind, rater: user.id, revealed });
    return json({ store: true as const, command: EVAL_RUN_COMMAND, view }, { headers });
  } catch (error) {
    badRequest(error);
  }
}

export async function action(args: ActionFunctionArgs) {
  const { store } = args.context.services;
  const user = await requireReviewer(args);
  const form = await readVerifiedForm(args.context.services.csrf, args.request);
  const { version, blind } = queryOf(args.request);
  try {
    const input = parseRatingForm(form, { version, blind }, user.id);
    const db = args.context.services.evalStore.get();
    if (!db) throw new QueueInputError("There is no eval store to save ratings in.", 409);
    await mirrorReviewRatings(store, db);
    const { run, pairDone } = await saveRating(db, input, (rating) => saveReviewRating(store, rating));
    // Identifiers only: never the output, the notes or the comment.
    await recordAudit(store, {
      ...actorOf(user),
      action: "rate",
      outcome: "allowed",
      detail: `eval ${run.promptVersion} run ${run.id.slice(0, 8)}${blind ? " blind" : ""}`,
    });
    return redirect(queueHref(version, blind, pairDone ? input.caseId : undefined));
  } catch (error) {
    if (error instanceof QueueInputError) {
      return json(
        { error: error.message },
        { status: error.status, headers: { "Cache-Control": "no-store" } },
      );
    }
    throw error;
  }
}

export default function ReviewQueue() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? actionData.error : undefined;

  if (!data.store) {
    return (
      <div className="review-page stack">
        <p className="breadcrumb">
          <Link to="/review">← Prompt versions</Link>
        </p>
        <ReviewEmptyState command={data.command} />
      </div>
    );
  }

  const view = data.view;
  return (
    <div className="review-page stack">
      <p className="breadcrumb">
        <Link to="/review">← Prompt versions</Link>
      </p>
      {view.state === "no-run" ? (
        <section className="card">
          <h1>Review queue</h1>
          <p>There is no finished eval run of {view.missing} yet. Run it first:</p>
          <pre className="review-command">{`npm run eval -- run --prompt ${view.missing} --dataset datasets/consultations.jsonl`}</pre>
        </section>
      ) : null}
      {view.state === "done" ? (
        <>
          {view.reveal ? <ReviewReveal reveal={view.reveal} /> : null}
          <section className="card">
            <h1>
              {view.mode === "blind"
                ? `Blind comparison: ${view.versions.join(" and ")}`
                : `Review queue: ${view.versions[0]}`}
            </h1>
            <p role="status">
              Nothing left to rate: you have rated all {view.total}{" "}
              {view.mode === "blind" ? "cases" : "outputs"} of run{" "}
              {view.runs.map((run) => `${run.version} ${run.runId.slice(0, 8)}`).join(" and ")}.
            </p>
            <p className="small muted">
              Ratings are saved in the app&apos;s database; an admin downloads them at{" "}
              <code>/admin/ratings.jsonl</code> for <code>npm run eval -- ratings import</code>.
            </p>
          </section>
        </>
      ) : null}
      {view.state === "single" ? <ReviewSingleCase view={view} error={error} /> : null}
      {view.state === "blind" ? (
        <>
          {view.reveal ? <ReviewReveal reveal={view.reveal} /> : null}
          <ReviewBlindCase view={view} error={error} />
        </>
      ) : null}
    </div>
  );
}

export { ReviewErrorBoundary as ErrorBoundary } from "~/components/review-error-boundary";
