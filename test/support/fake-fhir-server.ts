// A FHIR R4 server with SMART Backend Services auth, speaking the real REST protocol on a random
// loopback port: .well-known/smart-configuration, a token endpoint that verifies the client
// assertion (signature with the registered public key, and its claims), and POST /DocumentReference
// that checks the bearer token and content type, validates the body against the official R4 JSON
// schema and answers 201 with a Location.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { decodeProtectedHeader, jwtVerify, type CryptoKey, type KeyObject } from "jose";

import { fhirSchemaErrors } from "./fhir-schema";

export interface FakeFhirOptions {
  clientId: string;
  keyId: string;
  publicKey: CryptoKey | KeyObject;
  scope: string;
}

export interface TokenRequest {
  form: Record<string, string>;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export interface ReceivedDocument {
  id: string;
  contentType: string;
  body: Record<string, unknown>;
}

/** What the next POST /DocumentReference answers instead of creating the document. */
export type ScriptedAnswer = { status: number; body: unknown } | "hang";

export interface FakeFhirServer {
  /** FHIR base URL, e.g. http://127.0.0.1:1234/fhir */
  baseUrl: string;
  tokenUrl: string;
  tokenRequests: TokenRequest[];
  /** Token requests refused, with the reason. */
  refusedTokens: string[];
  documents: ReceivedDocument[];
  /** POSTs to /DocumentReference, accepted or not, with the Authorization they sent. */
  posts: { authorization: string | undefined; status: number }[];
  /** Refuse every token request from now on (401 invalid_client). */
  rejectTokens(reject: boolean): void;
  /** Tokens issued so far stop being accepted (as after a key rotation on the server). */
  revokeTokens(): void;
  script(answer: ScriptedAnswer): void;
  close(): Promise<void>;
}

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function outcome(code: string, diagnostics: string) {
  return { resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics }] };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeFhirServer(options: FakeFhirOptions): Promise<FakeFhirServer> {
  const validTokens = new Set<string>();
  const seenJtis = new Set<string>();
  const hanging: ServerResponse[] = [];
  let rejecting = false;
  let scripted: ScriptedAnswer | undefined;
  let origin = "";

  const fake = {
    tokenRequests: [] as TokenRequest[],
    refusedTokens: [] as string[],
    documents: [] as ReceivedDocument[],
    posts: [] as { authorization: string | undefined; status: number }[],
  };

  async function token(request: IncomingMessage, response: ServerResponse) {
    const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
    const refuse = (reason: string) => {
      fake.refusedTokens.push(reason);
      send(response, reason === "unsupported_grant_type" ? 400 : 401, { error: "invalid_client" });
    };
    if (!/^application\/x-www-form-urlencoded/.test(request.headers["content-type"] ?? "")) {
      return refuse("content_type");
    }
    if (form.grant_type !== "client_credentials") return refuse("unsupported_grant_type");
    if (form.client_assertion_type !== ASSERTION_TYPE || !form.client_assertion)
      return refuse("assertion_type");
    if (rejecting) return refuse("rejecting");
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(form.client_assertion) as Record<string, unknown>;
      ({ payload: claims } = await jwtVerify(form.client_assertion, options.publicKey, {
        algorithms: ["RS384", "ES384"],
        issuer: options.clientId,
        subject: options.clientId,
        audience: `${origin}/auth/token`,
        requiredClaims: ["exp", "jti"],
      }));
    } catch {
      return refuse("assertion_invalid");
    }
    const exp = claims.exp as number;
    if (header.kid !== options.keyId) return refuse("kid");
    if (exp > Math.floor(Date.now() / 1000) + 300) return refuse("exp_too_far");
    if (seenJtis.has(String(claims.jti))) return refuse("jti_replayed");
    seenJtis.add(String(claims.jti));
    fake.tokenRequests.push({ form, header, claims });
    const accessToken = randomUUID();
    validTokens.add(accessToken);
    send(response, 200, {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: 300,
      scope: form.scope,
    });
  }

  async function createDocument(request: IncomingMessage, response: ServerResponse) {
    const authorization = request.headers.authorization;
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      fake.posts.push({ authorization, status });
      send(response, status, body, { "Content-Type": "application/fhir+json", ...headers });
    };
    const text = await readBody(request);
    const bearer = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
    if (!bearer || !validTokens.has(bearer)) {
      return answer(401, outcome("login", "invalid token"), { "WWW-Authenticate": "Bearer" });
    }
    const contentType = request.headers["content-type"] ?? "";
    if (!/^application\/fhir\+json(;|$)/.test(contentType)) {
      return answer(415, outcome("not-supported", "Content-Type must be application/fhir+json"));
    }
    if (scripted === "hang") {
      scripted = undefined;
      fake.posts.push({ authorization, status: 0 });
      hanging.push(response);
      return;
    }
    if (scripted) {
      const { status, body } = scripted;
      scripted = undefined;
      return answer(status, body);
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return answer(400, outcome("structure", "not JSON"));
    }
    const errors = fhirSchemaErrors(body);
    if (body.resourceType !== "DocumentReference" || errors.length > 0) {
      return answer(422, outcome("invalid", errors.join("; ")));
    }
    const id = randomUUID();
    fake.documents.push({ id, contentType, body });
    answer(
      201,
      { ...body, id, meta: { versionId: "1" } },
      {
        Location: `${origin}/fhir/DocumentReference/${id}/_history/1`,
      },
    );
  }

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    const route = `${request.method} ${path}`;
    const handled =
      route === "GET /fhir/.well-known/smart-configuration"
        ? Promise.resolve(
            send(response, 200, {
              token_endpoint: `${origin}/auth/token`,
              token_endpoint_auth_methods_supported: ["private_key_jwt"],
              token_endpoint_auth_signing_alg_values_supported: ["RS384", "ES384"],
              grant_types_supported: ["client_credentials"],
              scopes_supported: [options.scope],
              capabilities: ["client-confidential-asymmetric"],
            }),
          )
        : route === "POST /auth/token"
          ? token(request, response)
          : route === "POST /fhir/DocumentReference"
            ? createDocument(request, response)
            : Promise.resolve(send(response, 404, outcome("not-found", route)));
    handled.catch(() => send(response, 500, outcome("exception", "fake server failed")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    ...fake,
    baseUrl: `${origin}/fhir`,
    tokenUrl: `${origin}/auth/token`,
    rejectTokens: (reject) => (rejecting = reject),
    revokeTokens: () => validTokens.clear(),
    script: (answer) => (scripted = answer),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging.splice(0)) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The client this app is registered as at the fake EHR. */
export const FHIR_CLIENT = {
  clientId: "consult-summary-test",
  keyId: "key-1",
  scope: "system/DocumentReference.write",
} as const;

/**
 * A fake EHR with this app registered as a SMART backend-services client (a fresh P-384 key), and
 * the app's FHIR_* settings that reach it.
 */
export async function startFakeEhr(): Promise<{ fhir: FakeFhirServer; env: Record<string, string> }> {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const fhir = await startFakeFhirServer({ ...FHIR_CLIENT, publicKey });
  return {
    fhir,
    env: {
      FHIR_BASE_URL: fhir.baseUrl,
      FHIR_CLIENT_ID: FHIR_CLIENT.clientId,
      FHIR_KEY_ID: FHIR_CLIENT.keyId,
      FHIR_PRIVATE_KEY: privateKey.export({ type: "sec1", format: "pem" }).toString(),
    },
  };
}
