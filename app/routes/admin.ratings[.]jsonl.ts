import type { LoaderFunctionArgs } from "@remix-run/node";

import { actorOf, requireRole, requireUser } from "~/auth/auth.server";
import { recordAudit } from "~/models/audit.server";
import { exportRatingsForEval } from "~/models/rating.server";
import { exportReviewRatingsForEval } from "~/models/review-rating.server";

/**
 * Clinicians' clarity ratings of their summaries and reviewers' ratings of eval outputs (the
 * workbench's) in the eval package's ratings format, for admins:
 * save as eval/ratings/<name>.jsonl and `npm run eval -- ratings import`, so the deploy gate counts them.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { store } = args.context.services;
  const user = await requireUser(args, "page");
  try {
    requireRole(user, ["admin"]);
  } catch (response) {
    await recordAudit(store, {
      ...actorOf(user),
      action: "export",
      outcome: "denied",
      detail: "ratings_not_admin",
    });
    throw response;
  }
  const since = new URL(args.request.url).searchParams.get("since");
  const sinceDate = since ? new Date(since) : undefined;
  if (sinceDate && Number.isNaN(sinceDate.getTime()))
    throw new Response("since must be a date", { status: 400 });
  await recordAudit(store, { ...actorOf(user), action: "export", outcome: "allowed", detail: "ratings" });
  const body =
    (await exportRatingsForEval(store, { since: sinceDate })) +
    (await exportReviewRatingsForEval(store, { since: sinceDate }));
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": 'attachment; filename="web-ratings.jsonl"',
      "Cache-Control": "no-store",
    },
  });
}
