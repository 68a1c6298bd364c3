import { Link } from "@remix-run/react";

import { formatF1, formatMs, formatShare, formatUsd, NOT_AVAILABLE } from "./review-figures";
import { queueHref } from "~/review/queue-href";
import type { GateStatus, VersionRow } from "~/review/versions.server";

function compareHref(deployedRunId: string, runId: string): string {
  return `/review/compare?${new URLSearchParams({ a: deployedRunId, b: runId })}`;
}

/** The gate in a word or three: pass, fail, needs N more ratings, or not evaluated (a run is missing). */
function gateHeadline(gate: GateStatus): string {
  if (gate.outcome !== "not-evaluated") return gate.outcome;
  if (gate.ratingsNeeded > 0)
    return `needs ${gate.ratingsNeeded} more ${gate.ratingsNeeded === 1 ? "rating" : "ratings"}`;
  return "not evaluated";
}

/** One note type's prompt versions with their latest stored figures, gate status and links to rate and compare. */
export function ReviewVersionsTable({
  promptId,
  label,
  rows,
  deployed,
}: {
  promptId: string;
  label: string;
  rows: VersionRow[];
  deployed: string | null;
}) {
  const deployedRun = rows.find((row) => row.deployed)?.figures?.runId;
  return (
    <div className="review-table-wrap">
      <table className="review-table">
        <caption className="visually-hidden">{label}: prompt versions and their latest eval figures</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Latest run</th>
            <th scope="col">ROUGE-L F1</th>
            <th scope="col">ROUGE-Lsum F1</th>
            <th scope="col">Grounding</th>
            <th scope="col">Human clarity</th>
            <th scope="col">Gate</th>
            <th scope="col">Review</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const figures = row.figures;
            return (
              <tr key={row.version} data-prompt-id={promptId} data-version={row.version}>
                <th scope="row">
                  <span className="review-version">{row.version}</span>
                  {row.deployed ? (
                    <span className="badge badge-complete review-deployed">deployed</span>
                  ) : (
                    <span className="badge review-draft">draft</span>
                  )}
                  <span className="review-hash small muted" title={row.hash}>
                    {row.hash.slice(0, 12)}
                  </span>
                </th>
                <td>
                  {figures ? (
                    <>
                      <code title={figures.runId}>{figures.runId.slice(0, 8)}</code>
                      <span className="small muted review-run-meta">
                        {figures.provider} · {figures.cases} cases
                        {figures.errors > 0 ? ` · ${figures.errors} errors` : ""} · {figures.dataset} · ROUGE{" "}
                        {figures.rougeVariant === "unknown" ? "variant not recorded" : figures.rougeVariant}
                      </span>
                      <span className="small muted review-run-meta">
                        {formatUsd(figures.costPerRequestUsd)} per request · p95{" "}
                        {formatMs(figures.latencyP95Ms)}
                      </span>
                    </>
                  ) : (
                    <span className="muted">no finished run</span>
                  )}
                </td>
                <td className="num">{formatF1(figures?.rougeL ?? null)}</td>
                <td className="num">{formatF1(figures?.rougeLsum ?? null)}</td>
                <td className="num">{formatShare(figures?.grounding ?? null)}</td>
                <td className="num">
                  {row.clarity.mean === null ? NOT_AVAILABLE : `${row.clarity.mean.toFixed(2)} / 5`}
                  <span className="small muted review-run-meta">
                    {row.clarity.count} {row.clarity.count === 1 ? "rating" : "ratings"}
                  </span>
                </td>
                <td>
                  <span className={`review-gate review-gate-${row.gate.outcome}`}>
                    {gateHeadline(row.gate)}
                  </span>
                  {row.gate.outcome !== "pass" ? (
                    <span className="small muted review-gate-detail">{row.gate.text}</span>
                  ) : null}
                </td>
                <td>
                  <ul className="review-links">
                    <li>
                      <Link
                        to={queueHref(promptId, row.version)}
                        aria-label={`Review queue: ${label} ${row.version}`}
                      >
                        Review queue
                      </Link>
                    </li>
                    {!row.deployed && deployed ? (
                      <li>
                        <Link to={queueHref(promptId, row.version, { blind: deployed })}>
                          Blind vs {deployed}
                        </Link>
                      </li>
                    ) : null}
                    {!row.deployed && deployed && figures && deployedRun ? (
                      <li>
                        <a href={compareHref(deployedRun, figures.runId)}>Compare with {deployed}</a>
                      </li>
                    ) : null}
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
