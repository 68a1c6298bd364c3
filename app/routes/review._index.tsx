import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { ReviewEmptyState } from "~/components/review-empty-state";
import { ReviewVersionsTable } from "~/components/review-versions-table";
import { requireReviewer } from "~/review/access.server";
import { mirrorReviewRatings } from "~/review/durable-ratings.server";
import { EVAL_RUN_COMMAND } from "~/review/eval-store.server";
import { listFinishedRuns, loadVersionsView } from "~/review/versions.server";

export const meta: MetaFunction = () => [{ title: "Prompt versions — Consult Summary" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireReviewer(args);
  const catalog = args.context.services.prompts;
  const db = args.context.services.evalStore.get();
  const headers = { "Cache-Control": "no-store" };
  if (!db) {
    return json(
      {
        store: false as const,
        command: EVAL_RUN_COMMAND,
        deployed: catalog.deployed.version,
        versions: catalog.versions(),
      },
      { headers },
    );
  }
  await mirrorReviewRatings(args.context.services.store, db);
  const view = await loadVersionsView(db, catalog);
  const runs = listFinishedRuns(db);
  return json({ store: true as const, command: EVAL_RUN_COMMAND, ...view, runs }, { headers });
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
          Eval figures of each version&apos;s latest finished run (for that exact prompt file), human clarity
          ratings, and the deploy gate worked out from stored runs and ratings only. Rate outputs in a
          version&apos;s review queue.
        </p>
        {data.store ? (
          <>
            <ReviewVersionsTable rows={data.rows} deployed={data.deployed} />
            <p className="small muted">
              Gate ({"eval/gate.config.json"}): mean clarity ≥ {data.gate.clarityTarget} over ≥{" "}
              {data.gate.minRatings} ratings, and {data.gate.metric} F1 on <code>{data.gate.dataset}</code>{" "}
              with {data.gate.provider} within tolerance of the deployed version ({data.deployed}).
            </p>
          </>
        ) : (
          <ul className="review-version-list">
            {data.versions.map((version) => (
              <li key={version}>
                {version}
                {version === data.deployed ? (
                  <span className="badge badge-complete review-deployed">deployed</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
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
                  defaultRun={data.runs.find((run) => run.version === data.deployed)?.id}
                />
              </label>
              <label className="field">
                Candidate (B)
                <RunSelect
                  name="b"
                  runs={data.runs}
                  defaultRun={data.runs.find((run) => run.version !== data.deployed)?.id}
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
