import { createPrivateKey } from "node:crypto";

/** The JWS algorithms SMART Backend Services requires clients to support. */
export type SigningAlgorithm = "RS384" | "ES384";

/** RS384 for an RSA private key, ES384 for an EC P-384 one; undefined for anything else. */
export function signingAlgorithmOf(pem: string): SigningAlgorithm | undefined {
  if (!/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/.test(pem)) return undefined;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType === "rsa") return "RS384";
    if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "secp384r1")
      return "ES384";
    return undefined;
  } catch {
    return undefined;
  }
}
