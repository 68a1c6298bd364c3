import { json, type LoaderFunctionArgs } from "@remix-run/node";

import { checkReadiness } from "~/observability/readiness.server";

// Readiness: the database takes writes, migrations are applied, a provider is configured. No
// authentication (the load balancer calls it); it names checks, never data.
export async function loader({ context }: LoaderFunctionArgs) {
  const readiness = await checkReadiness(context.services);
  return json(readiness, {
    status: readiness.status === "ready" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
