// A stand-in for a Clerk instance, entirely offline: an RSA key pair whose public half is the
// app's CLERK_JWT_KEY, well-formed keys, and session tokens signed the way Clerk signs them.
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";

export const FRONTEND_API = "clerk.consult-summary.test";
export const ISSUER = `https://${FRONTEND_API}`;
export const APP_ORIGIN = "http://app.consult-summary.test";
// Tests reach their server at 127.0.0.1 on a random port, so the deployment they play also lists
// that host (the server checks host names, not ports, against APP_ORIGIN).
const TEST_CLIENT_ORIGIN = "http://127.0.0.1";
// Clerk's own session tokens live 60 s; the app refuses any living over 5 minutes. Test tokens
// live 4 minutes so a whole test file can use one.
const TOKEN_LIFETIME_SECONDS = 240;

export interface TestClerk {
  env: Record<string, string>;
  privateKey: KeyObject;
  sign(claims: Partial<SessionClaims>, options?: { key?: KeyObject }): string;
}

export interface SessionClaims {
  sub: string;
  sid: string;
  iss: string;
  azp: string;
  iat: number;
  nbf: number;
  exp: number;
  metadata?: { role?: string; fhirPractitionerId?: string };
}

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString("base64url");
}

export function signJwt(claims: object, key: KeyObject): string {
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "ins_test" }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(key);
  return `${header}.${payload}.${base64url(signature)}`;
}

export function newKeyPair() {
  return generateKeyPairSync("rsa", { modulusLength: 2048 });
}

export function createTestClerk(): TestClerk {
  const { publicKey, privateKey } = newKeyPair();
  const publishableKey = `pk_test_${Buffer.from(`${FRONTEND_API}$`).toString("base64")}`;
  return {
    privateKey,
    env: {
      CLERK_PUBLISHABLE_KEY: publishableKey,
      CLERK_SECRET_KEY: `sk_test_${randomBytes(24).toString("hex")}`,
      CLERK_JWT_KEY: publicKey.export({ type: "spki", format: "pem" }).toString(),
      APP_ORIGIN: `${APP_ORIGIN},${TEST_CLIENT_ORIGIN}`,
      SESSION_SECRET: randomBytes(32).toString("hex"),
    },
    sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      return signJwt(
        {
          sub: "user_a",
          sid: `sess_${randomBytes(6).toString("hex")}`,
          iss: ISSUER,
          azp: APP_ORIGIN,
          iat: now - 5,
          nbf: now - 5,
          exp: now - 5 + TOKEN_LIFETIME_SECONDS,
          ...claims,
        },
        options.key ?? privateKey,
      );
    },
  };
}

/** Cookies a signed-in browser sends: the session token, the client's last-active time, and (dev instances) the dev-browser token. */
export function sessionCookies(token: string): Record<string, string> {
  const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { iat: number };
  return { __session: token, __client_uat: String(payload.iat), __clerk_db_jwt: "dvb_test" };
}
