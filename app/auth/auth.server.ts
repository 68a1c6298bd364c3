// The one place that knows how users are authenticated. Routes call requireUser/getUser and
// never import Clerk, so local mode and Clerk behave the same to them.
import { getAuth } from "@clerk/remix/ssr.server";
import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";

import type { AppConfig } from "../config/env.server";
import { isUuid } from "../utils/ids";
import { practitionerIdFromClaims, roleFromClaims, type Role } from "./roles";

export const LOCAL_USER_ID = "local-user";

export interface CurrentUser {
  id: string;
  role: Role;
  /** The author reference of FHIR exports (Clerk public metadata `fhirPractitionerId`). */
  fhirPractitionerId?: string;
}

type AuthArgs = Pick<LoaderFunctionArgs, "request" | "context"> & { params?: LoaderFunctionArgs["params"] };

/** Options shared by rootAuthLoader and getAuth: verification is local when CLERK_JWT_KEY is set. */
export function clerkOptions(config: AppConfig) {
  const clerk = config.clerk!;
  return {
    publishableKey: clerk.publishableKey,
    secretKey: clerk.secretKey,
    jwtKey: clerk.jwtKey,
    authorizedParties: config.appOrigins,
    signInUrl: "/sign-in",
    signUpUrl: "/sign-up",
  };
}

/**
 * The longest a session token may be valid for, from its `iat` (and its `nbf`) to its `exp`.
 * Clerk's session tokens live 60 s; a token signed by the same instance key that lives longer
 * (a JWT template's, or one minted through the Backend API, which allows up to ten years) was not
 * issued as a browser's session token and is refused.
 */
export const MAX_SESSION_TOKEN_LIFETIME_SECONDS = 5 * 60;

/**
 * Checks Clerk's verification leaves to us: the issuer is this instance, `azp` names one of
 * APP_ORIGIN's origins (Clerk skips that check when `azp` is absent), and the token's lifetime is
 * bounded (Clerk checks `exp`, `nbf` and `iat` against the clock only).
 */
function isSessionTokenForThisApp(claims: Record<string, unknown>, config: AppConfig): boolean {
  const { iss, azp, iat, nbf, exp } = claims;
  if (iss !== `https://${config.clerk!.frontendApi}`) return false;
  if (typeof azp !== "string" || !config.appOrigins.includes(azp)) return false;
  if (typeof iat !== "number" || typeof exp !== "number") return false;
  const validFrom = typeof nbf === "number" ? Math.min(nbf, iat) : iat;
  return exp - validFrom <= MAX_SESSION_TOKEN_LIFETIME_SECONDS;
}

/** The signed-in user, or null. Only this app's short-lived session tokens are accepted. */
export async function getUser(args: AuthArgs): Promise<CurrentUser | null> {
  const { config } = args.context.services;
  if (config.authMode === "local") return { id: LOCAL_USER_ID, role: "admin" };
  const auth = await getAuth(
    { ...args, context: args.context ?? {} } as LoaderFunctionArgs,
    clerkOptions(config),
  );
  if (!auth.userId || !auth.sessionClaims) return null;
  const claims = auth.sessionClaims as Record<string, unknown>;
  if (!isSessionTokenForThisApp(claims, config)) return null;
  const fhirPractitionerId = practitionerIdFromClaims(claims);
  return { id: auth.userId, role: roleFromClaims(claims), ...(fhirPractitionerId && { fhirPractitionerId }) };
}

/**
 * The signed-in user, or a response that ends the request: pages redirect to sign-in, the API and
 * event streams answer 401 JSON.
 */
export async function requireUser(args: AuthArgs, kind: "page" | "api"): Promise<CurrentUser> {
  const user = await getUser(args);
  if (user) return user;
  if (kind === "api") {
    throw json(
      {
        error: {
          code: "unauthenticated",
          message: "Sign in, or send a session token as Authorization: Bearer.",
        },
      },
      { status: 401, headers: { "Cache-Control": "no-store", "WWW-Authenticate": "Bearer" } },
    );
  }
  // Back to the same page after signing in, unless its path holds something other than ids: text
  // typed where an id belongs (a patient's name) goes no further, not into Clerk's pages either.
  const idsOnly = Object.values(args.params ?? {}).every((value) => value === undefined || isUuid(value));
  if (!idsOnly) throw redirect("/sign-in");
  throw redirect(`/sign-in?redirect_url=${encodeURIComponent(new URL(args.request.url).pathname)}`);
}

/** Pages limited to some roles answer 404 to everyone else, so they are not confirmed to exist. */
export function requireRole(user: CurrentUser, roles: readonly Role[]): void {
  if (!roles.includes(user.role)) throw new Response("Not found", { status: 404 });
}

/** Roles that keep their own consultations; reviewers work on evaluation outputs only. */
export const WORKSPACE_ROLES: readonly Role[] = ["clinician", "admin"];

/** A user allowed to hold consultations: reviewers get 404 on pages and 403 JSON from the API. */
export async function requireWorkspaceUser(args: AuthArgs, kind: "page" | "api"): Promise<CurrentUser> {
  const user = await requireUser(args, kind);
  if (WORKSPACE_ROLES.includes(user.role)) return user;
  if (kind === "api") {
    throw json(
      { error: { code: "forbidden", message: "Reviewer accounts cannot hold consultations." } },
      { status: 403, headers: { "Cache-Control": "no-store" } },
    );
  }
  throw new Response("Not found", { status: 404 });
}

/** Who did something, as the audit log records it. */
export function actorOf(user: CurrentUser): { actorId: string; actorRole: Role } {
  return { actorId: user.id, actorRole: user.role };
}
