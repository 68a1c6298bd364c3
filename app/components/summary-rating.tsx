import { useFetcher } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";

const SCALE = [
  [1, "Unusable"],
  [2, "Hard to use"],
  [3, "Usable"],
  [4, "Clear"],
  [5, "Clear at a glance"],
] as const;

/** 1–5 clarity with an optional comment, stored as a human rating of the summary's prompt version. */
export function SummaryRating({
  summaryId,
  rating,
}: {
  summaryId: string;
  rating: { clarity: number; comment: string | null } | null;
}) {
  const fetcher = useFetcher<{ saved?: string; error?: { message: string } }>();
  const saved = fetcher.state === "idle" && fetcher.data?.saved === "rate";
  return (
    <fetcher.Form method="post" className="rating-form">
      <AuthenticityTokenInput />
      <input type="hidden" name="summaryId" value={summaryId} />
      <input type="hidden" name="intent" value="rate" />
      <fieldset>
        <legend>How clear is this summary?</legend>
        <div className="rating-scale">
          {SCALE.map(([value, label]) => (
            <label key={value} className="rating-choice">
              <input
                type="radio"
                name="clarity"
                value={value}
                defaultChecked={rating?.clarity === value}
                required
                onChange={(event) => fetcher.submit(event.currentTarget.form)}
              />
              <span>
                {value} <span className="small muted">{label}</span>
              </span>
            </label>
          ))}
        </div>
        <label className="field">
          <span>Comment (optional)</span>
          <input name="comment" defaultValue={rating?.comment ?? ""} maxLength={2000} autoComplete="off" />
        </label>
        <button type="submit">Save rating</button>{" "}
        <span role="status" className="small muted">
          {saved ? "Rating saved." : rating ? `Your rating: ${rating.clarity}/5` : ""}
        </span>
        {fetcher.data?.error ? (
          <p className="form-error" role="alert">
            {fetcher.data.error.message}
          </p>
        ) : null}
      </fieldset>
    </fetcher.Form>
  );
}
