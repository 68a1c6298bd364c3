import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, string> = {
  404: "There is no consultation here, or it is not yours.",
  405: "That action is not available on this page.",
};

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = MESSAGES[status] ?? "Something went wrong on our side. Your notes are saved; try again.";
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{status === 404 ? "Not found" : "Something went wrong"}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Back to consultations</Link>
      </p>
    </section>
  );
}
