import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import { requireWorkspaceUser } from "~/auth/auth.server";
import { checkEhrIds } from "~/consultations/ehr-ids";
import { checkNotes, NOTES_MAX_CHARACTERS } from "~/consultations/notes-input";
import { choosePromptOfType } from "~/summaries/prompt-choice.server";
import { checkSummaryRateLimit } from "~/summaries/rate-limit.server";
import { takeStreamSlot } from "~/summaries/stream-slots.server";
import { summarizeNewConsultation, summaryEventStream } from "~/summaries/summary-service.server";
import { apiError, ApiErrorResponse, respondToDatabaseProblem } from "~/utils/api-errors.server";
import { clientGoneSignal } from "~/utils/client-gone.server";
import { readJsonBody } from "~/utils/read-json-body.server";

// Room for the character limit in multi-byte UTF-8 plus JSON escaping.
const MAX_BODY_BYTES = NOTES_MAX_CHARACTERS * 6 + 4_096;

const requestSchema = z.object({
  notes: z.string({
    required_error: '"notes" is required',
    invalid_type_error: '"notes" must be a string',
  }),
  promptVersion: z.string({ invalid_type_error: '"promptVersion" must be a string' }).optional(),
  noteType: z.string({ invalid_type_error: '"noteType" must be a string' }).optional(),
  fhirPatientId: z.string({ invalid_type_error: '"fhirPatientId" must be a string' }).nullish(),
  fhirEncounterId: z.string({ invalid_type_error: '"fhirEncounterId" must be a string' }).nullish(),
});

function describeSchemaProblem(error: z.ZodError): string {
  return error.issues[0]?.message ?? "The request body is not a valid consultation.";
}

/** POST {"notes", "noteType"?, "promptVersion"?, "fhirPatientId"?, "fhirEncounterId"?} → 200 text/event-stream with the new consultation's summary. */
export async function action(args: ActionFunctionArgs) {
  const { request } = args;
  if (request.method !== "POST") return methodNotAllowed();
  const user = await requireWorkspaceUser(args, "api");
  const { services } = args.context;
  try {
    const body = await readJsonBody(request, MAX_BODY_BYTES);
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return apiError(400, "invalid_request", describeSchemaProblem(parsed.error));
    const { notes, promptVersion, noteType, fhirPatientId, fhirEncounterId } = parsed.data;
    const problem = checkNotes(notes);
    if (problem) return apiError(problem.status, problem.code, problem.message);
    const ehrIds = checkEhrIds({ fhirPatientId, fhirEncounterId });
    if ("error" in ehrIds) return apiError(ehrIds.error.status, ehrIds.error.code, ehrIds.error.message);

    const prompt = choosePromptOfType(user, { noteType, promptVersion }, services.noteTypeCatalogs);
    const limited = await checkSummaryRateLimit(services.summaryRateLimiter, user);
    if (limited) return apiError(limited.status, limited.code, limited.message, limited.headers);
    const slot = takeStreamSlot(services.streamSlots, user.id);
    if (slot instanceof Response) return slot;
    let summary;
    try {
      summary = await summarizeNewConsultation(services, { user, notes, prompt, ehrIds });
    } catch (error) {
      slot();
      throw error;
    }
    return summaryEventStream(services, clientGoneSignal(args), summary, slot);
  } catch (error) {
    if (error instanceof ApiErrorResponse) return error.toResponse();
    return respondToDatabaseProblem(error);
  }
}

export async function loader(args: LoaderFunctionArgs) {
  await requireWorkspaceUser(args, "api");
  return methodNotAllowed();
}

function methodNotAllowed(): Response {
  return apiError(405, "method_not_allowed", 'Use POST with a JSON body {"notes": "..."}.', {
    Allow: "POST",
  });
}
