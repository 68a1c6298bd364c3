import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUserId } from "~/auth/auth.server";
import { getOwnedSummary } from "~/models/summary.server";
import { startIfPending, summaryEventStream } from "~/summaries/summary-service.server";
import { apiError } from "~/utils/api-errors.server";

// The page's EventSource reads this. Opening it starts a pending summary; reopening it attaches
// to the running generation or replays the stored one, never calling the model a second time.
export function loader({ request, params }: LoaderFunctionArgs) {
  const ownerId = requireUserId(request);
  const owned = getOwnedSummary({ id: params.summaryId ?? "", ownerId });
  if (!owned) return apiError(404, "not_found", "No such summary.");
  startIfPending(owned.summary, owned.consultation);
  return summaryEventStream(request.signal, owned.summary);
}
