import { summaryToPlainText } from "~/summaries/exports/markdown-and-plain-text";

import { CopyButton } from "./copy-button";
import { StatusBadge } from "./status-badge";
import { SummaryText } from "./summary-text";

export interface EarlierVersion {
  /** 0: the model's own text; 1 and up: the clinician's revisions. */
  number: number;
  text: string;
  createdAt: string;
}

export interface EarlierSummary {
  id: string;
  status: string;
  errorCode: string | null;
  createdAt: string;
  promptVersion: string;
  model: string;
  /** Newest first: the clinician's revisions, then the model's text. */
  versions: EarlierVersion[];
}

const when = (iso: string) => new Date(iso).toLocaleString("en-GB");

function versionLabel(version: EarlierVersion, newest: boolean): string {
  if (version.number === 0) return newest ? "The model's text (not edited)" : "The model's text";
  return `${newest ? "Final edit" : "Edit"} — revision ${version.number}`;
}

/**
 * Summaries written before the current one, each with every text it had: the final one open, the
 * rest a click away; each can be copied or restored into the current summary's editor.
 */
export function EarlierSummaries({
  summaries,
  canRestore,
  onRestore,
}: {
  summaries: EarlierSummary[];
  canRestore: boolean;
  onRestore: (restoring: { text: string; label: string }) => void;
}) {
  return (
    <details className="earlier">
      <summary>{`Earlier summaries (${summaries.length})`}</summary>
      <ol className="earlier-list">
        {summaries.map((summary) => (
          <li key={summary.id} className="earlier-summary">
            <p className="small">
              <StatusBadge status={summary.status} errorCode={summary.errorCode} /> {summary.model}, prompt{" "}
              {summary.promptVersion},{" "}
              <time dateTime={summary.createdAt} suppressHydrationWarning>
                {when(summary.createdAt)}
              </time>
            </p>
            {summary.versions.length === 0 ? <p className="small muted">No text was written.</p> : null}
            {summary.versions.map((version, index) => {
              const label = versionLabel(version, index === 0);
              return (
                <details key={version.number} className="earlier-version" open={index === 0}>
                  <summary>
                    {label},{" "}
                    <time dateTime={version.createdAt} suppressHydrationWarning>
                      {when(version.createdAt)}
                    </time>
                  </summary>
                  <SummaryText text={version.text} />
                  <div className="actions" role="group" aria-label={`${label}: tools`}>
                    <CopyButton label="Copy this text" getText={() => summaryToPlainText(version.text)} />
                    <button
                      type="button"
                      disabled={!canRestore}
                      onClick={() => onRestore({ text: version.text, label: label.toLowerCase() })}
                    >
                      Restore this text
                    </button>
                  </div>
                </details>
              );
            })}
          </li>
        ))}
      </ol>
      {canRestore ? null : (
        <p className="small muted">
          Restoring is possible once the current summary is done and not being edited.
        </p>
      )}
    </details>
  );
}
