import { json } from "@remix-run/node";

// Liveness only: cheap, no authentication, no database.
export function loader() {
  return json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
