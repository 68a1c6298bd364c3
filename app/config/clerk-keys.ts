import { createPublicKey } from "node:crypto";

// Clerk keys are checked for shape at startup: a missing or mangled key used to surface only as
// 403s in production.

/** The Frontend API host encoded in a publishable key (`pk_test_<base64 of "host$">`), or undefined. */
export function frontendApiFromPublishableKey(key: string): string | undefined {
  const match = /^pk_(test|live)_([A-Za-z0-9+/=_-]+)$/.exec(key);
  if (!match) return undefined;
  const decoded = Buffer.from(match[2]!, "base64").toString("utf8");
  if (!decoded.endsWith("$")) return undefined;
  const host = decoded.slice(0, -1);
  return /^[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?$/i.test(host) ? host : undefined;
}

export function isWellFormedSecretKey(key: string): boolean {
  return /^sk_(test|live)_[A-Za-z0-9]{20,}$/.test(key);
}

export function isPemPublicKey(pem: string): boolean {
  if (!pem.includes("-----BEGIN PUBLIC KEY-----")) return false;
  try {
    return createPublicKey(pem).asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
}
