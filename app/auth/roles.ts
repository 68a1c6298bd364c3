export const ROLES = ["clinician", "reviewer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The role claim: Clerk's session token carries the user's public metadata when the instance's
 * session token template includes `"metadata": "{{user.public_metadata}}"`; the role is
 * `metadata.role`. Anything missing or unknown is the least-privileged role.
 */
export function roleFromClaims(claims: Record<string, unknown> | null | undefined): Role {
  const metadata = claims?.metadata;
  const role = metadata && typeof metadata === "object" ? (metadata as { role?: unknown }).role : undefined;
  return ROLES.includes(role as Role) ? (role as Role) : "clinician";
}
