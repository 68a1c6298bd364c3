// SMART Backend Services (client-credentials with a signed JWT assertion): the access token the
// FHIR push sends, kept in memory until shortly before it expires. A token is not PHI.
import { createPrivateKey, randomUUID } from "node:crypto";

import { importPKCS8, SignJWT, type CryptoKey } from "jose";

import type { FhirConfig } from "~/config/env.server";

import { FhirPushError, fetchUpstream } from "./upstream.server";

const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** The spec allows at most five minutes. */
const ASSERTION_LIFETIME_SECONDS = 300;
/** A token is renewed this long before it expires, so none expires in flight. */
const EXPIRY_MARGIN_MS = 30_000;
const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

export class SmartTokens {
  private token?: { value: string; renewAt: number };
  private tokenUrl?: string;
  private key?: CryptoKey;

  constructor(private readonly config: FhirConfig) {
    this.tokenUrl = config.tokenUrl;
  }

  /** A cached access token, or a new one. */
  async accessToken(signal: AbortSignal): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    const tokenUrl = await this.discoverTokenUrl(signal);
    const response = await fetchUpstream(tokenUrl, signal, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        scope: this.config.scope,
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: await this.clientAssertion(tokenUrl),
      }),
    });
    if (!response.ok) throw new FhirPushError("fhir_auth_failed", response.status);
    const body = (await response.json().catch(() => undefined)) as
      { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof body?.access_token !== "string" || !body.access_token) {
      throw new FhirPushError("fhir_auth_failed", response.status);
    }
    const lifetime = typeof body.expires_in === "number" ? body.expires_in : DEFAULT_TOKEN_LIFETIME_SECONDS;
    this.token = { value: body.access_token, renewAt: Date.now() + lifetime * 1000 - EXPIRY_MARGIN_MS };
    return body.access_token;
  }

  /** Forgets the cached token (the server refused it). */
  forget(): void {
    this.token = undefined;
  }

  private async clientAssertion(tokenUrl: string): Promise<string> {
    // jose reads PKCS#8 only; the key may be PKCS#1 (RSA) or SEC1 (EC) PEM.
    const pkcs8 = createPrivateKey(this.config.privateKeyPem).export({ type: "pkcs8", format: "pem" });
    this.key ??= await importPKCS8(String(pkcs8), this.config.algorithm);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: this.config.algorithm, kid: this.config.keyId, typ: "JWT" })
      .setIssuer(this.config.clientId)
      .setSubject(this.config.clientId)
      .setAudience(tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS)
      .setJti(randomUUID())
      .sign(this.key);
  }

  /** FHIR_TOKEN_URL, else the token_endpoint of the server's .well-known/smart-configuration. */
  private async discoverTokenUrl(signal: AbortSignal): Promise<string> {
    if (this.tokenUrl) return this.tokenUrl;
    const response = await fetchUpstream(`${this.config.baseUrl}/.well-known/smart-configuration`, signal, {
      headers: { Accept: "application/json" },
    });
    const body = response.ok
      ? ((await response.json().catch(() => undefined)) as { token_endpoint?: unknown } | undefined)
      : undefined;
    const endpoint = typeof body?.token_endpoint === "string" ? body.token_endpoint : "";
    if (!sameSecurity(endpoint, this.config.baseUrl)) {
      throw new FhirPushError("fhir_discovery_failed", response.status);
    }
    this.tokenUrl = endpoint;
    return endpoint;
  }
}

/** An absolute URL, https unless the FHIR base URL itself is plain http (loopback only). */
function sameSecurity(endpoint: string, baseUrl: string): boolean {
  try {
    const url = new URL(endpoint);
    return url.protocol === "https:" || (url.protocol === "http:" && baseUrl.startsWith("http:"));
  } catch {
    return false;
  }
}
