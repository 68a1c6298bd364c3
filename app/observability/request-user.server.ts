// Who made a request, for the request log: a salted hash of the user id, never the id itself.
// The salt is derived from the first SESSION_SECRET, so hashes are stable across the instances of
// one deployment and cannot be recomputed from a user id without the secret.
import { createHash, createHmac } from "node:crypto";

import { getUser, LOCAL_USER_ID } from "../auth/auth.server";
import type { Services } from "../services.server";

/** What identifying a request needs: its URL and the headers that carry credentials. */
export interface RequestCredentials {
  url: string;
  authorization?: string;
  cookie?: string;
}

const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 1_000;

/** The salted hashes of user ids, and which hash each credential gave lately (at most 1,000, for 30 s). */
export class RequestUsers {
  private readonly salt: Buffer;
  readonly localUserHash: string;
  readonly cache = new Map<string, { hash?: string; expires: number }>();

  constructor(sessionSecret: string | undefined) {
    this.salt = createHash("sha256")
      .update(`consult-summary:log-user-id:${sessionSecret ?? ""}`)
      .digest();
    this.localUserHash = this.hashUserId(LOCAL_USER_ID);
  }

  /** HMAC-SHA256 of the user id keyed with the deployment's salt, first 16 hex digits. */
  hashUserId(userId: string): string {
    return createHmac("sha256", this.salt).update(userId).digest("hex").slice(0, 16);
  }
}

/**
 * The hashed id of the user a request's credentials belong to, or undefined when there are none
 * (or they are not valid). Local mode has one constant user; with Clerk the token is verified the
 * same way routes verify it (getUser), once per credential per 30 s.
 */
export async function userHashFor(
  services: Services,
  credentials: RequestCredentials,
): Promise<string | undefined> {
  const users = services.requestUsers;
  if (services.config.authMode === "local") return users.localUserHash;
  const key =
    credentials.authorization ??
    (/(?:^|;\s*)__session=/.test(credentials.cookie ?? "") ? credentials.cookie : undefined);
  if (!key) return undefined;
  const now = Date.now();
  const { cache } = users;
  const cached = cache.get(key);
  if (cached && cached.expires > now) return cached.hash;

  const headers = new Headers();
  if (credentials.authorization) headers.set("authorization", credentials.authorization);
  if (credentials.cookie) headers.set("cookie", credentials.cookie);
  let hash: string | undefined;
  try {
    const user = await getUser({ request: new Request(credentials.url, { headers }), context: { services } });
    hash = user ? users.hashUserId(user.id) : undefined;
  } catch {
    hash = undefined;
  }
  if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
  cache.set(key, { hash, expires: now + CACHE_TTL_MS });
  return hash;
}
