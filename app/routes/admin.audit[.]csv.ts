import type { LoaderFunctionArgs } from "@remix-run/node";

import { actorOf, requireRole, requireUser } from "~/auth/auth.server";
import { auditEventBatches, auditEventsCsv, recordAudit } from "~/models/audit.server";

/** A date or timestamp; a bare `to` date means the end of that day. */
function dateParam(url: URL, name: "from" | "to"): Date | undefined {
  const value = url.searchParams.get(name);
  if (!value) return undefined;
  const endOfDay = name === "to" && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(endOfDay ? `${value}T23:59:59.999Z` : value);
  if (Number.isNaN(date.getTime()))
    throw new Response(`${name} must be a date, e.g. 2026-11-01`, { status: 400 });
  return date;
}

/** UTF-8 bytes of each piece, pulled one at a time as the client reads them. */
function byteStream(pieces: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pieces[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * The audit log as CSV, for admins only: `/admin/audit.csv?from=2026-11-01&to=2026-11-30`. Every
 * matching entry, streamed in batches; if reading fails part-way the response is cut off with an
 * error rather than ended, so a download is never silently short.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { store } = args.context.services;
  const user = await requireUser(args, "page");
  try {
    requireRole(user, ["admin"]);
  } catch (response) {
    await recordAudit(store, {
      ...actorOf(user),
      action: "audit_export",
      outcome: "denied",
      detail: "not_admin",
    });
    throw response;
  }
  const url = new URL(args.request.url);
  const range = { from: dateParam(url, "from"), to: dateParam(url, "to") };
  await recordAudit(store, {
    ...actorOf(user),
    action: "audit_export",
    outcome: "allowed",
    detail: `${range.from?.toISOString() ?? "start"}..${range.to?.toISOString() ?? "now"}`,
  });
  return new Response(byteStream(auditEventsCsv(auditEventBatches(store, range))), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="audit-log.csv"',
      "Cache-Control": "no-store",
    },
  });
}
