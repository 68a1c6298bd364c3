import type { LoaderFunctionArgs } from "@remix-run/node";

import { actorOf, requireRole, requireUser } from "~/auth/auth.server";
import { auditEventsCsv, listAuditEvents, recordAudit } from "~/models/audit.server";

const MAX_EXPORT = 100_000;

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

/** The audit log as CSV, for admins only: `/admin/audit.csv?from=2026-11-01&to=2026-11-30`. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, "page");
  try {
    requireRole(user, ["admin"]);
  } catch (response) {
    await recordAudit({ ...actorOf(user), action: "audit_export", outcome: "denied", detail: "not_admin" });
    throw response;
  }
  const url = new URL(args.request.url);
  const events = await listAuditEvents({
    from: dateParam(url, "from"),
    to: dateParam(url, "to"),
    limit: MAX_EXPORT,
  });
  await recordAudit({
    ...actorOf(user),
    action: "audit_export",
    outcome: "allowed",
    detail: `${events.length} events`,
  });
  return new Response(auditEventsCsv(events), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="audit-log.csv"',
      "Cache-Control": "no-store",
    },
  });
}
