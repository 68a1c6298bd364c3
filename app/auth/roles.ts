import { FHIR_ID_PATTERN } from "../summaries/exports/fhir-references";

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

/**
 * The user's FHIR Practitioner id in the EHR, from `metadata.fhirPractitionerId` (public metadata,
 * like the role): the author reference of FHIR exports. Undefined unless it is a FHIR id.
 */
export function practitionerIdFromClaims(
  claims: Record<string, unknown> | null | undefined,
): string | undefined {
  const metadata = claims?.metadata;
  const id =
    metadata && typeof metadata === "object"
      ? (metadata as { fhirPractitionerId?: unknown }).fhirPractitionerId
      : undefined;
  return typeof id === "string" && FHIR_ID_PATTERN.test(id) ? id : undefined;
}
