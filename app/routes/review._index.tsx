import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { ReviewEmptyState } from "~/components/review-empty-state";
import { ReviewVersionsTable } from "~/components/review-versions-table";
import { requireReviewer } from "~/review/access.server";
import { mirrorReviewRatings } from "~/review/durable-ratings.server";
import { EVAL_RUN_COMMAND } from "~/review/eval-store.server";
import { loadNoteTypeViews, reviewNoteTypes } from "~/review/note-type-views.server";
import { listFinishedRuns } from "~/review/versions.server";
import { DEFAULT_NOTE_TYPE } from "~/summaries/note-types";

const SUMMARY_PROMPT_ID = DEFAULT_NOTE_TYPE.promptId;

export const meta: MetaFunction = () => [{ title: "Prompt versions — Consult Summary" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireReviewer(args);
  const catalogs = args.context.services.noteTypeCatalogs;
  const db = args.context.services.evalStore.get();
  const headers = { "Cache-Control": "no-store" };
  if (!db) {
    const types = reviewNoteTypes(catalogs).map(({ catalog, ...type }) => ({
      ...type,
      deployed: catalog.deployed?.version ?? null,
      versions: catalog.versions(),
    }));
    return json({ store: false as const, command: EVAL_RUN_COMMAND, types }, { headers });
  }
  await mirrorReviewRatings(args.context.services.store, db);
  const types = await loadNoteTypeViews(db, catalogs);
  const clinicalNote = types.find((type) => type.promptId === SUMMARY_PROMPT_ID)!;
  const runs = listFinishedRuns(db);
  return json(
    {
      store: true as const,
      command: EVAL_RUN_COMMAND,
      types,
      gate: clinicalNote.gate,
      deployed: clinicalNote.deployed,
      runs,
    },
    { headers },
  );
}

/** A note type's heading: its label, prompt id, and whether it is deployed or still a draft. */
function NoteTypeHeading({ promptId, label, draft }: { promptId: string; label: string; draft: boolean }) {
  return (
    <h2 id={`note-type-${promptId}`}>
      {label} <code className="review-prompt-id">{promptId}</code>
      {draft ? <span className="badge review-draft">draft — not deployed</span> : null}
    </h2>
  );
}

function RunSelect({
  name,
  runs,
  defaultRun,
}: {
  name: string;
  runs: Array<{ id: string; label: string }>;
  defaultRun?: string;
}) {
  return (
    <select name={name} defaultValue={defaultRun}>
      {runs.map((run) => (
        <option key={run.id} value={run.id}>
          {run.label}
        </option>
      ))}
    </select>
  );
}

export default function ReviewVersions() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="review-page stack">
      <section className="card" aria-labelledby="review-title">
        <h1 id="review-title">Prompt versions</h1>
        <p className="muted">
          Each note type is a prompt id with its own versions. For each version: eval figures of its latest
          finished run (for that exact prompt file), human clarity ratings, and the deploy gate worked out
          from stored runs and ratings only. A draft note type has no deployed version: clinicians get it once
          a version passes the gate. Rate outputs in a version&apos;s review queue.
        </p>
        {data.store ? (
          <p className="small muted">
            Gate ({"eval/gate.config.json"}): mean clarity ≥ {data.gate.clarityTarget} over ≥{" "}
            {data.gate.minRatings} ratings, and {data.gate.metric} F1 on <code>{data.gate.dataset}</code> with{" "}
            {data.gate.provider} within tolerance of the note type&apos;s deployed version (a draft&apos;s
            first version only needs a scored run).
          </p>
        ) : null}
      </section>
      {data.types.map((type) => (
        <section
          key={type.promptId}
          className="card"
          aria-labelledby={`note-type-${type.promptId}`}
          data-prompt-id={type.promptId}
        >
          <NoteTypeHeading promptId={type.promptId} label={type.label} draft={type.draft} />
          {"rows" in type ? (
            <ReviewVersionsTable
              promptId={type.promptId}
              label={type.label}
              rows={type.rows}
              deployed={type.deployed}
            />
          ) : (
            <ul className="review-version-list">
              {type.versions.map((version) => (
                <li key={version}>
                  {version}
                  {version === type.deployed ? (
                    <span className="badge badge-complete review-deployed">deployed</span>
                  ) : (
                    <span className="badge review-draft">draft</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      {data.store ? (
        data.runs.length >= 2 ? (
          <section className="card" aria-labelledby="compare-title">
            <h2 id="compare-title">Compare two runs</h2>
            <form method="get" action="/review/compare" className="review-compare-form">
              <label className="field">
                Baseline (A)
                <RunSelect
                  name="a"
                  runs={data.runs}
                  defaultRun={
                    data.runs.find(
                      (run) => run.promptId === SUMMARY_PROMPT_ID && run.version === data.deployed,
                    )?.id
                  }
                />
              </label>
              <label className="field">
                Candidate (B)
                <RunSelect
                  name="b"
                  runs={data.runs}
                  defaultRun={
                    data.runs.find(
                      (run) => run.promptId === SUMMARY_PROMPT_ID && run.version !== data.deployed,
                    )?.id
                  }
                />
              </label>
              <label className="field">
                Metric
                <select name="metric" defaultValue={data.gate.metric}>
                  <option value="rougeLsum">ROUGE-Lsum</option>
                  <option value="rougeL">ROUGE-L</option>
                  <option value="rouge1">ROUGE-1</option>
                  <option value="rouge2">ROUGE-2</option>
                </select>
              </label>
              <button type="submit">Open report</button>
            </form>
          </section>
        ) : null
      ) : (
        <ReviewEmptyState command={data.command} />
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
