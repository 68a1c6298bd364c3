import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireReviewer } from "~/review/access.server";
import { compareReportHtml, CompareInputError } from "~/review/compare.server";
import { EVAL_RUN_COMMAND } from "~/review/eval-store.server";

function text(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/**
 * The eval package's compare report for two runs (`?a=…&b=…`: a run id, a unique id prefix, or a
 * prompt version for its latest finished run), as one self-contained HTML page with no scripts.
 */
export async function loader(args: LoaderFunctionArgs) {
  await requireReviewer(args);
  const url = new URL(args.request.url);
  const a = url.searchParams.get("a")?.trim();
  const b = url.searchParams.get("b")?.trim();
  if (!a || !b) {
    return text(
      400,
      "Name two runs: /review/compare?a=<run id, id prefix or version>&b=<run id, id prefix or version>",
    );
  }
  const db = args.context.services.evalStore.get();
  if (!db) return text(404, `There is no eval store yet. Run an evaluation first: ${EVAL_RUN_COMMAND}`);
  try {
    const html = compareReportHtml(db, a, b, url.searchParams.get("metric") ?? "rougeLsum");
    return new Response(html, {
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    });
  } catch (error) {
    if (error instanceof CompareInputError) return text(error.status, error.message);
    throw error;
  }
}
