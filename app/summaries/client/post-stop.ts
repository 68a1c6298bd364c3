/** Why a Stop did not reach the summary; null when the server took it. */
export type StopProblem = "unreachable" | "refused";

/**
 * Posts the Stop form to the page's action as Remix's own fetchers do (`_data` names the route),
 * but with fetch, so that a server out of reach is an answer here instead of the route's error
 * page, which a fetcher would show.
 */
export async function postStop(form: HTMLFormElement, routeId: string): Promise<StopProblem | null> {
  const url = `${window.location.pathname}?_data=${encodeURIComponent(routeId)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    });
  } catch {
    return "unreachable";
  }
  const rejected = response.headers.has("X-Remix-Catch") || response.headers.has("X-Remix-Error");
  return response.ok && !rejected && !response.headers.has("X-Remix-Redirect") ? null : "refused";
}
