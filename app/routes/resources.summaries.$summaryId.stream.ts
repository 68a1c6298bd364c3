import type { LoaderFunctionArgs } from "@remix-run/node";

import { actorOf, requireWorkspaceUser } from "~/auth/auth.server";
import { recordAudit } from "~/models/audit.server";
import { getOwnedSummary } from "~/models/summary.server";
import { takeStreamSlot } from "~/summaries/stream-slots.server";
import { startIfPending, summaryEventStream } from "~/summaries/summary-service.server";
import { apiError, respondToDatabaseProblem } from "~/utils/api-errors.server";
import { clientGoneSignal } from "~/utils/client-gone.server";

// The page's EventSource reads this. Opening it starts a pending summary; reopening it attaches
// to the running generation or replays the stored one, never calling the model a second time.
export async function loader(args: LoaderFunctionArgs) {
  try {
    return await streamSummary(args);
  } catch (error) {
    return respondToDatabaseProblem(error);
  }
}

async function streamSummary(args: LoaderFunctionArgs) {
  const { store } = args.context.services;
  const user = await requireWorkspaceUser(args, "api");
  const { services } = args.context;
  const slot = takeStreamSlot(services.streamSlots, user.id);
  if (slot instanceof Response) return slot;
  try {
    const owned = await getOwnedSummary(store, { id: args.params.summaryId ?? "", ownerId: user.id });
    if (!owned) {
      slot();
      await recordAudit(store, {
        ...actorOf(user),
        action: "stream",
        outcome: "denied",
        summaryId: args.params.summaryId,
        detail: "not_found",
      });
      return apiError(404, "not_found", "No such summary.");
    }
    await recordAudit(store, {
      ...actorOf(user),
      action: "stream",
      outcome: "allowed",
      consultationId: owned.consultation.id,
      summaryId: owned.summary.id,
    });
    await startIfPending(services, owned.summary, owned.consultation);
    return summaryEventStream(services, clientGoneSignal(args), owned.summary, slot);
  } catch (error) {
    slot();
    throw error;
  }
}
