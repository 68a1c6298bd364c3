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
import {
  NoteTypeName,
  ReviewBlindCase,
  ReviewReveal,
  ReviewSingleCase,
} from "~/components/review-queue-case";
import { recordAudit } from "~/models/audit.server";
import { requireReviewer } from "~/review/access.server";
import { saveReviewRating } from "~/models/review-rating.server";
import { mirrorReviewRatings } from "~/review/durable-ratings.server";
import { EVAL_RUN_COMMAND, evalRunCommand } from "~/review/eval-store.server";
import { reviewNoteType } from "~/review/note-type-views.server";
import { queueHref } from "~/review/queue-href";
import { loadQueue, saveRating } from "~/review/queue/load-and-save.server";
import {
  parseQueueQuery,
  parseRatingForm,
  QueueInputError,
  type QueueQuery,
} from "~/review/queue/queue-input.server";

export const meta: MetaFunction = () => [{ title: "Review queue — Consult Summary" }];

/** The queue the URL names, checked against the note types' prompt ids. */
function queryOf(args: Pick<LoaderFunctionArgs, "request" | "context">): QueueQuery {
  const known = new Set(args.context.services.noteTypeCatalogs.keys());
  return parseQueueQuery(new URL(args.request.url), known);
}

const NO_STORE = { "Cache-Control": "no-store" };

/** A refused queue address as the workbench's error page: its status, code and message. */
function refuse(error: unknown): never {
  if (error instanceof QueueInputError) {
    throw json({ code: error.code, message: error.message }, { status: error.status, headers: NO_STORE });
  }
  throw error;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireReviewer(args);
  let query: QueueQuery;
  try {
    query = queryOf(args);
  } catch (error) {
    refuse(error);
  }
  const { promptId, version, blind, revealed } = query;
  if (!version) return redirect("/review");
  const noteType = reviewNoteType(args.context.services.noteTypeCatalogs, promptId)!;
  const about = { promptId, label: noteType.label, draft: noteType.draft };
  const db = args.context.services.evalStore.get();
  if (!db) return json({ store: false as const, command: EVAL_RUN_COMMAND, ...about }, { headers: NO_STORE });
  await mirrorReviewRatings(args.context.services.store, db);
  try {
    const view = loadQueue(db, noteType.catalog, { version, blind, rater: user.id, revealed });
    const command = view.state === "no-run" ? evalRunCommand(promptId, view.missing) : EVAL_RUN_COMMAND;
    return json({ store: true as const, command, ...about, view }, { headers: NO_STORE });
  } catch (error) {
    refuse(error);
  }
}

export async function action(args: ActionFunctionArgs) {
  const { store } = args.context.services;
  const user = await requireReviewer(args);
  const form = await readVerifiedForm(args.context.services.csrf, args.request);
  try {
    const { promptId, version, blind } = queryOf(args);
    const input = parseRatingForm(form, { promptId, version, blind }, user.id);
    const db = args.context.services.evalStore.get();
    if (!db) throw new QueueInputError(409, "no_eval_store", "There is no eval store to save ratings in.");
    await mirrorReviewRatings(store, db);
    const { run, pairDone } = await saveRating(db, input, (rating) => saveReviewRating(store, rating));
    // Identifiers only: never the output, the notes or the comment.
    await recordAudit(store, {
      ...actorOf(user),
      action: "rate",
      outcome: "allowed",
      detail: `eval ${run.promptId} ${run.promptVersion} run ${run.id.slice(0, 8)}${blind ? " blind" : ""}`,
    });
    return redirect(queueHref(promptId, version, { blind, revealed: pairDone ? input.caseId : null }));
  } catch (error) {
    if (error instanceof QueueInputError) {
      return json({ error: error.message, code: error.code }, { status: error.status, headers: NO_STORE });
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
          <p>
            There is no finished eval run of the {data.label.toLowerCase()}&apos;s {view.missing} yet. Run it
            first:
          </p>
          <pre className="review-command">{data.command}</pre>
        </section>
      ) : null}
      {view.state === "done" ? (
        <>
          {view.reveal ? <ReviewReveal reveal={view.reveal} /> : null}
          <section className="card">
            <h1>
              {view.mode === "blind"
                ? `Blind comparison: ${view.versions.join(" and ")}`
                : `Review queue: ${view.versions[0]}`}{" "}
              <NoteTypeName label={data.label} draft={data.draft} />
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
      {view.state === "single" ? (
        <ReviewSingleCase
          view={view}
          noteType={<NoteTypeName label={data.label} draft={data.draft} />}
          error={error}
        />
      ) : null}
      {view.state === "blind" ? (
        <>
          {view.reveal ? <ReviewReveal reveal={view.reveal} /> : null}
          <ReviewBlindCase
            view={view}
            noteType={<NoteTypeName label={data.label} draft={data.draft} />}
            error={error}
          />
        </>
      ) : null}
    </div>
  );
}

export { ReviewErrorBoundary as ErrorBoundary } from "~/components/review-error-boundary";
