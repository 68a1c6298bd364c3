import { useFetcher, Link } from "@remix-run/react";
import { useRef } from "react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

import { StatusBadge } from "~/components/status-badge";
import { noteTypeLabel } from "~/summaries/note-types";
import { TITLE_MAX_CHARACTERS } from "~/consultations/notes-input";
import type { SummaryStatus } from "~/db/schema-shared";

export interface ListedConsultation {
  id: string;
  title: string | null;
  preview: string;
  createdAt: string;
  latestStatus: SummaryStatus | null;
  latestErrorCode: string | null;
  latestPromptId: string | null;
}

/** What a search answers: the page's action with intent=search. */
export interface ConsultationSearch {
  search: { query: string; consultations: ListedConsultation[] };
}

/**
 * The clinician's consultations with a search by title or patient reference. The search is posted
 * (by a fetcher, or as a plain form post without JavaScript), so the reference is never in a URL
 * or the browser's history; the results replace the list in place.
 */
export function ConsultationList({
  consultations,
  searchedWithoutScript,
}: {
  consultations: ListedConsultation[];
  /** The result of a search posted as a whole page (no JavaScript). */
  searchedWithoutScript?: ConsultationSearch["search"];
}) {
  const fetcher = useFetcher<ConsultationSearch>();
  const searchForm = useRef<HTMLFormElement>(null);
  const searched = fetcher.data?.search ?? searchedWithoutScript;
  const shown = searched?.consultations ?? consultations;
  const query = searched?.query ?? "";

  return (
    <div aria-busy={fetcher.state !== "idle"}>
      <fetcher.Form method="post" role="search" className="search-form" ref={searchForm}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="search" />
        <label htmlFor="search-consultations" className="visually-hidden">
          Search by title or patient reference
        </label>
        <input
          id="search-consultations"
          type="search"
          name="q"
          defaultValue={query}
          maxLength={TITLE_MAX_CHARACTERS}
          autoComplete="off"
          placeholder="Search by title or patient reference"
        />
        <button type="submit">Search</button>
      </fetcher.Form>
      {shown.length === 0 ? (
        query ? (
          <fetcher.Form method="post" className="muted" onSubmit={() => searchForm.current?.reset()}>
            <AuthenticityTokenInput />
            <input type="hidden" name="intent" value="search" />
            Nothing matches “{query}”.{" "}
            <button type="submit" className="link-button">
              Show all consultations
            </button>
          </fetcher.Form>
        ) : (
          <p className="muted">
            No consultations yet. Paste a transcript or notes on the left, or load the example, then press
            <em> Summarize</em>.
          </p>
        )
      ) : (
        <ul className="consultation-list">
          {shown.map((item) => (
            <li key={item.id}>
              <Link to={`/consultations/${item.id}`}>
                <span className="consultation-title">{item.title || item.preview || "Untitled"}</span>
                <span className="consultation-meta">
                  <time dateTime={item.createdAt} suppressHydrationWarning>
                    {new Date(item.createdAt).toLocaleString("en-GB")}
                  </time>
                  {item.latestPromptId ? (
                    <span className="note-type">{noteTypeLabel(item.latestPromptId)}</span>
                  ) : null}
                  {item.latestStatus ? (
                    <StatusBadge status={item.latestStatus} errorCode={item.latestErrorCode} />
                  ) : null}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
