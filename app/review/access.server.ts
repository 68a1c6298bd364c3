import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireRole, requireUser, type CurrentUser } from "../auth/auth.server";
import type { Role } from "../auth/roles";

/** Who may use the reviewer workbench; everyone else gets 404, nobody signed in goes to sign-in. */
export const REVIEW_ROLES: readonly Role[] = ["reviewer", "admin"];

export async function requireReviewer(
  args: Pick<LoaderFunctionArgs, "request" | "context">,
): Promise<CurrentUser> {
  const user = await requireUser(args, "page");
  requireRole(user, REVIEW_ROLES);
  return user;
}
