import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

import { GeneralErrorBoundary } from "./error-boundary";

interface QueueRefusal {
  code: string;
  message: string;
}

function isQueueRefusal(data: unknown): data is QueueRefusal {
  const value = data as Partial<QueueRefusal> | null;
  return typeof value?.code === "string" && typeof value.message === "string";
}

/**
 * A bad queue address (a malformed or unknown note type, a malformed version) says what was wrong
 * and its code; everything else (a 404 for someone who may not review included) is the usual page.
 */
export function ReviewErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || !isQueueRefusal(error.data)) return <GeneralErrorBoundary />;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">Cannot show this review queue</h1>
      <p>{error.data.message}</p>
      <p className="small muted">
        Error {error.status}: <code>{error.data.code}</code>
      </p>
      <p>
        <Link to="/review">Back to prompt versions</Link>
      </p>
    </section>
  );
}
