import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

import { GeneralErrorBoundary } from "./error-boundary";

/** A bad queue address says what was wrong; everything else (404 included) is the app's usual page. */
export function ReviewErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || (error.status !== 400 && error.status !== 409)) {
    return <GeneralErrorBoundary />;
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">Cannot show this review queue</h1>
      <p>{typeof error.data === "string" ? error.data : "The address is not a valid review queue."}</p>
      <p>
        <Link to="/review">Back to prompt versions</Link>
      </p>
    </section>
  );
}
