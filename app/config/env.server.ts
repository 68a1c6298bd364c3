import { availableParallelism } from "node:os";
import path from "node:path";

import { z } from "zod";

import { parseModelPrices, type ModelPrices } from "@consult-summary/core/prices";
import { projectPath } from "@consult-summary/core/project-paths";
import type { EmbeddedWork, WriterSettings } from "@consult-summary/core/summarizers";
import type { NoteFormatWork, NoteWriterSettings } from "@consult-summary/core/note-formats";

import { frontendApiFromPublishableKey, isPemPublicKey, isWellFormedSecretKey } from "./clerk-keys";
import { signingAlgorithmOf, type SigningAlgorithm } from "./signing-keys";

const integerInRange = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be between ${min} and ${max}`);

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

/**
 * Every variable the server reads, each once: what it is for (shown when one is wrong) and how it is
 * checked. The schema and the list of names to read come from here.
 */
const VARIABLES = {
  PORT: { purpose: "TCP port the HTTP server listens on", schema: integerInRange(0, 65_535).default("3000") },
  HOST: {
    purpose: "interface to bind; 127.0.0.1 keeps single-user local mode private to this machine",
    schema: z.string().min(1).default("127.0.0.1"),
  },
  DATA_DIR: {
    purpose: "folder for the SQLite database (created if missing; unused with DATABASE_URL)",
    schema: z.string().min(1).default("./data"),
  },
  DATABASE_URL: {
    purpose:
      "postgres://user:password@host:5432/db — store everything in PostgreSQL instead of SQLite (required for more than one instance)",
    schema: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(?:ql)?:\/\/\S+$/i, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
  },
  DATABASE_POOL_MAX: {
    purpose:
      "most PostgreSQL connections this instance holds open (one more is kept for stream notifications)",
    // At least 2: a job under an advisory lock holds one connection while its queries use another.
    schema: integerInRange(2, 1_000).default("10"),
  },
  DATABASE_CONNECT_TIMEOUT_MS: {
    purpose: "how long to wait for a PostgreSQL connection before answering 503",
    schema: integerInRange(100, 120_000).default("5000"),
  },
  SUMMARY_PROVIDER: {
    purpose: "which summarizer writes summaries: embedded (offline, default without a key) or openai",
    schema: z.enum(["embedded", "openai"]).optional(),
  },
  OPENAI_API_KEY: {
    purpose: "API key for the OpenAI-compatible server (required when SUMMARY_PROVIDER=openai)",
    schema: optionalText,
  },
  OPENAI_BASE_URL: {
    purpose: "base URL of any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp server)",
    schema: optionalText.pipe(
      z
        .string()
        .regex(/^https?:\/\/[^\s/]+/i, "must be an http(s) URL")
        .pipe(z.string().url("must be an http(s) URL"))
        .optional(),
    ),
  },
  OPENAI_MODEL: { purpose: "model name that overrides the prompt file's model", schema: optionalText },
  OPENAI_TIMEOUT_MS: {
    purpose: "how long to wait for the model to start answering, and between streamed chunks",
    schema: integerInRange(100, 600_000).default("30000"),
  },
  MODEL_PRICES: {
    purpose: 'JSON price table merged over the defaults: {"model": {"input": usdPer1M, "output": usdPer1M}}',
    schema: optionalText,
  },
  STREAM_ORPHAN_GRACE_MS: {
    purpose:
      "how long a generation keeps running with no one watching (browser reconnects) before it is cancelled",
    schema: integerInRange(0, 600_000).default("5000"),
  },
  CLERK_PUBLISHABLE_KEY: {
    purpose: "Clerk publishable key (pk_test_… or pk_live_…); with CLERK_SECRET_KEY turns on sign-in",
    schema: optionalText,
  },
  CLERK_SECRET_KEY: {
    purpose: "Clerk secret key (sk_test_… or sk_live_…); with CLERK_PUBLISHABLE_KEY turns on sign-in",
    schema: optionalText,
  },
  CLERK_JWT_KEY: {
    purpose:
      "the Clerk instance's PEM public key: session tokens are then verified locally, with no call to Clerk",
    schema: optionalText,
  },
  APP_ORIGIN: {
    purpose: "this app's public origin(s), comma-separated, e.g. https://summary.example.org",
    schema: optionalText,
  },
  SESSION_SECRET: {
    purpose: "secret(s) for signing this app's own cookies (CSRF), comma-separated, newest first",
    schema: optionalText,
  },
  ALLOW_UNAUTHENTICATED: {
    purpose: "set to 1 to run local mode (no sign-in) on a non-loopback HOST",
    schema: z.enum(["0", "1"], { message: "must be 0 or 1" }).default("0"),
  },
  SESSION_IDLE_MINUTES: {
    purpose: "minutes of inactivity after which a signed-in browser is signed out",
    schema: integerInRange(1, 24 * 60).default("15"),
  },
  SUMMARY_RATE_LIMIT_PER_MINUTE: {
    purpose: "summaries one user may start per minute (0 turns the limit off)",
    schema: integerInRange(0, 10_000).default("10"),
  },
  RETENTION_HOURS: {
    purpose: "hours after which consultations and their summaries are deleted",
    schema: integerInRange(1, 24 * 365).default("72"),
  },
  AUDIT_RETENTION_DAYS: {
    purpose: "days the audit log (which holds no note text) is kept",
    schema: integerInRange(1, 36_500).default("2190"),
  },
  DATA_ENCRYPTION_KEY: {
    purpose: "optional 32-byte key (base64 or hex) encrypting stored note and summary text (AES-256-GCM)",
    schema: optionalText,
  },
  METRICS_TOKEN: {
    purpose: "bearer token that /metrics requires; without it /metrics answers 404",
    schema: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  },
  METRICS_SERVICE_NAME: {
    purpose:
      "the Service dimension of the CloudWatch EMF metrics (the CDK stack sets consult-summary-<env>); set, it turns METRICS_EMF on",
    schema: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,128}$/, "must be 1 to 128 letters, digits, '.', '_' or '-'")
        .optional(),
    ),
  },
  METRICS_EMF: {
    purpose:
      "on writes CloudWatch Embedded Metric Format lines on stdout, off does not; default on when METRICS_SERVICE_NAME is set",
    schema: z.enum(["on", "off"], { message: "must be on or off" }).optional(),
  },
  METRICS_EMF_INTERVAL_MS: {
    purpose: "how often the instance's EMF line (active streams, event-loop delay, database) is written",
    schema: integerInRange(1_000, 300_000).default("30000"),
  },
  SSE_HEARTBEAT_MS: {
    purpose:
      "how often an open event stream gets a comment line, so load balancers and proxies never see it idle (ALB: 60 s)",
    schema: integerInRange(100, 50_000).default("15000"),
  },
  SHUTDOWN_DRAIN_MS: {
    purpose: "on SIGTERM, how long streams in flight may keep going before they are ended and saved",
    schema: integerInRange(0, 120_000).default("20000"),
  },
  UPSTREAM_TOTAL_TIMEOUT_MS: {
    purpose: "the longest one summary may take from the model (stay under App Runner's 120 s request limit)",
    schema: integerInRange(1_000, 600_000).default("110000"),
  },
  TEXT_WORK_THREADS: {
    purpose:
      "worker threads for CPU-bound text work (the embedded writer, token counts, source checks); default: one per core, at most 4",
    schema: integerInRange(1, 64).optional(),
  },
  TEXT_WORK_TIMEOUT_MS: {
    purpose:
      "the longest one piece of text work may take (queue included) before it is stopped with a clear error",
    schema: integerInRange(1, 600_000).default("20000"),
  },
  STREAMS_PER_USER: {
    purpose: "summary event streams one user may hold open at once on this instance",
    schema: integerInRange(1, 10_000).default("10"),
  },
  MAX_CONNECTIONS: {
    purpose: "open connections this instance accepts; more are refused until some close",
    schema: integerInRange(16, 1_000_000).default("4096"),
  },
  FHIR_BASE_URL: {
    purpose:
      "base URL of the EHR's FHIR R4 server that Send to EHR posts DocumentReferences to (https, or http on loopback); unset turns the push off",
    schema: optionalText,
  },
  FHIR_CLIENT_ID: {
    purpose:
      "this app's client id registered with the EHR for SMART Backend Services (required with FHIR_BASE_URL)",
    schema: optionalText,
  },
  FHIR_PRIVATE_KEY: {
    purpose:
      "PEM private key (RSA for RS384, or EC P-384 for ES384) that signs the client assertion; \\n escapes allowed (required with FHIR_BASE_URL)",
    schema: optionalText,
  },
  FHIR_KEY_ID: {
    purpose: "the kid of that key in the JWK Set registered with the EHR (required with FHIR_BASE_URL)",
    schema: optionalText,
  },
  FHIR_TOKEN_URL: {
    purpose:
      "the EHR's OAuth token endpoint; default: token_endpoint of FHIR_BASE_URL/.well-known/smart-configuration",
    schema: optionalText,
  },
  FHIR_SCOPE: {
    purpose: "scope requested with the access token",
    schema: optionalText,
  },
  FHIR_TIMEOUT_MS: {
    purpose: "how long one request to the EHR (token or push) may take",
    schema: integerInRange(100, 120_000).default("10000"),
  },
  EVAL_DB: {
    purpose:
      "path of the eval store (SQLite) the reviewer workbench reads and writes ratings to; default eval/.data/eval.sqlite",
    schema: optionalText,
  },
} satisfies Record<string, { purpose: string; schema: z.ZodTypeAny }>;

type Variables = typeof VARIABLES;
type VariableName = keyof Variables;

const schema = z.object(
  Object.fromEntries(Object.entries(VARIABLES).map(([name, { schema }]) => [name, schema])) as {
    [Name in VariableName]: Variables[Name]["schema"];
  },
);

type Vars = z.infer<typeof schema>;

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  /** PostgreSQL instead of SQLite, when DATABASE_URL is set. */
  postgres?: { url: string; poolMax: number; connectTimeoutMs: number };
  summaryProvider: "embedded" | "openai";
  openai: { apiKey?: string; baseURL?: string; model?: string; timeoutMs: number };
  modelPrices: ModelPrices;
  streamOrphanGraceMs: number;
  authMode: "local" | "clerk";
  clerk?: { publishableKey: string; secretKey: string; jwtKey?: string; frontendApi: string };
  /** Origins this app is served from: the only ones allowed to POST and the `azp` of valid tokens. */
  appOrigins: string[];
  /** Secrets for this app's own signed cookies, newest first; none given: local mode keeps one in dataDir. */
  sessionSecrets: string[];
  sessionIdleMinutes: number;
  summaryRateLimitPerMinute: number;
  retentionHours: number;
  auditRetentionDays: number;
  metricsToken?: string;
  /** CloudWatch Embedded Metric Format lines on stdout, when on. */
  emf?: { service: string; intervalMs: number };
  sseHeartbeatMs: number;
  shutdownDrainMs: number;
  upstreamTotalTimeoutMs: number;
  /** 32-byte key for encrypting stored note and summary text, when configured. */
  dataEncryptionKey?: Buffer;
  /** The eval package's SQLite store, read and rated by the reviewer workbench (/review). */
  evalDbPath: string;
  textWork: { threads: number; taskTimeoutMs: number };
  streamsPerUser: number;
  maxConnections: number;
  /** Send to EHR: present only when FHIR_BASE_URL and its credentials are all set. */
  fhir?: FhirConfig;
}

export interface FhirConfig {
  /** Without a trailing slash. */
  baseUrl: string;
  clientId: string;
  keyId: string;
  privateKeyPem: string;
  algorithm: SigningAlgorithm;
  tokenUrl?: string;
  scope: string;
  timeoutMs: number;
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      `Configuration is invalid; the server will not start until these are fixed:\n${problems
        .map((problem) => `  - ${problem}`)
        .join("\n")}`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

function describe(name: string, problem: string): string {
  const purpose = VARIABLES[name as VariableName]?.purpose;
  return purpose ? `${name} ${problem} (${purpose})` : `${name} ${problem}`;
}

/** Validates the whole environment at once and reports every problem together. */
export function parseConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const emptyAsUnset = Object.fromEntries(
    Object.keys(VARIABLES).map((name) => [name, env[name] === "" ? undefined : env[name]]),
  );
  const parsed = schema.safeParse(emptyAsUnset);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => describe(String(issue.path[0]), issue.message));

  let modelPrices: ModelPrices = parseModelPrices(undefined);
  if (parsed.success) {
    try {
      modelPrices = parseModelPrices(parsed.data.MODEL_PRICES);
    } catch (error) {
      problems.push(describe("MODEL_PRICES", (error as Error).message));
    }
  }
  if (!parsed.success) throw new ConfigError(problems);

  const vars = parsed.data;
  const summaryProvider = vars.SUMMARY_PROVIDER ?? (vars.OPENAI_API_KEY ? "openai" : "embedded");
  if (summaryProvider === "openai" && !vars.OPENAI_API_KEY) {
    problems.push(describe("OPENAI_API_KEY", "is required because SUMMARY_PROVIDER=openai"));
  }
  const clerk = parseClerk(vars, problems);
  const appOrigins = parseOrigins(vars, clerk !== undefined, problems);
  const dataEncryptionKey = parseEncryptionKey(vars.DATA_ENCRYPTION_KEY, problems);
  const fhir = parseFhir(vars, problems);
  if (!clerk && !isLoopback(vars.HOST) && vars.ALLOW_UNAUTHENTICATED !== "1") {
    problems.push(
      `HOST ${vars.HOST} is not a loopback address, and there is no sign-in: configure Clerk (CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY) or set ALLOW_UNAUTHENTICATED=1 to expose local mode knowingly`,
    );
  }
  if (clerk && !vars.SESSION_SECRET) {
    problems.push(
      describe("SESSION_SECRET", "is required with sign-in, so every instance signs cookies alike"),
    );
  }
  const emf = parseEmf(vars, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(cwd, vars.DATA_DIR);
  return {
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    databasePath: path.join(dataDir, "consult-summary.sqlite"),
    postgres: vars.DATABASE_URL
      ? {
          url: vars.DATABASE_URL,
          poolMax: vars.DATABASE_POOL_MAX,
          connectTimeoutMs: vars.DATABASE_CONNECT_TIMEOUT_MS,
        }
      : undefined,
    summaryProvider,
    openai: {
      apiKey: vars.OPENAI_API_KEY,
      baseURL: vars.OPENAI_BASE_URL,
      model: vars.OPENAI_MODEL,
      timeoutMs: vars.OPENAI_TIMEOUT_MS,
    },
    modelPrices,
    streamOrphanGraceMs: vars.STREAM_ORPHAN_GRACE_MS,
    authMode: clerk ? "clerk" : "local",
    clerk,
    appOrigins,
    sessionSecrets: vars.SESSION_SECRET ? vars.SESSION_SECRET.split(",").map((secret) => secret.trim()) : [],
    sessionIdleMinutes: vars.SESSION_IDLE_MINUTES,
    summaryRateLimitPerMinute: vars.SUMMARY_RATE_LIMIT_PER_MINUTE,
    retentionHours: vars.RETENTION_HOURS,
    auditRetentionDays: vars.AUDIT_RETENTION_DAYS,
    dataEncryptionKey,
    evalDbPath: vars.EVAL_DB ? path.resolve(cwd, vars.EVAL_DB) : projectPath("eval", ".data", "eval.sqlite"),
    metricsToken: vars.METRICS_TOKEN,
    emf,
    sseHeartbeatMs: vars.SSE_HEARTBEAT_MS,
    shutdownDrainMs: vars.SHUTDOWN_DRAIN_MS,
    upstreamTotalTimeoutMs: vars.UPSTREAM_TOTAL_TIMEOUT_MS,
    textWork: {
      threads: vars.TEXT_WORK_THREADS ?? Math.min(4, availableParallelism()),
      taskTimeoutMs: vars.TEXT_WORK_TIMEOUT_MS,
    },
    streamsPerUser: vars.STREAMS_PER_USER,
    maxConnections: vars.MAX_CONNECTIONS,
    fhir,
  };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function parseEmf(vars: Vars, problems: string[]): AppConfig["emf"] {
  const on = vars.METRICS_EMF ? vars.METRICS_EMF === "on" : vars.METRICS_SERVICE_NAME !== undefined;
  if (!on) return undefined;
  if (!vars.METRICS_SERVICE_NAME) {
    problems.push(describe("METRICS_SERVICE_NAME", "is required with METRICS_EMF=on"));
    return undefined;
  }
  return { service: vars.METRICS_SERVICE_NAME, intervalMs: vars.METRICS_EMF_INTERVAL_MS };
}

function parseClerk(vars: Vars, problems: string[]): AppConfig["clerk"] {
  const { CLERK_PUBLISHABLE_KEY: publishableKey, CLERK_SECRET_KEY: secretKey, CLERK_JWT_KEY: jwtKey } = vars;
  if (!publishableKey && !secretKey) {
    if (jwtKey) problems.push(describe("CLERK_JWT_KEY", "is set but the Clerk keys are not"));
    return undefined;
  }
  if (!publishableKey)
    problems.push(describe("CLERK_PUBLISHABLE_KEY", "is missing while CLERK_SECRET_KEY is set"));
  if (!secretKey)
    problems.push(describe("CLERK_SECRET_KEY", "is missing while CLERK_PUBLISHABLE_KEY is set"));
  const frontendApi = publishableKey ? frontendApiFromPublishableKey(publishableKey) : undefined;
  if (publishableKey && !frontendApi) {
    problems.push(
      describe("CLERK_PUBLISHABLE_KEY", "is not a well-formed publishable key (pk_test_… or pk_live_…)"),
    );
  }
  if (secretKey && !isWellFormedSecretKey(secretKey)) {
    problems.push(describe("CLERK_SECRET_KEY", "is not a well-formed secret key (sk_test_… or sk_live_…)"));
  }
  const pem = jwtKey?.replace(/\\n/g, "\n");
  if (pem && !isPemPublicKey(pem)) {
    problems.push(describe("CLERK_JWT_KEY", "is not a PEM RSA public key (-----BEGIN PUBLIC KEY-----…)"));
  }
  if (!publishableKey || !secretKey || !frontendApi) return undefined;
  return { publishableKey, secretKey, jwtKey: pem, frontendApi };
}

function parseOrigins(vars: Vars, signIn: boolean, problems: string[]): string[] {
  if (!vars.APP_ORIGIN) {
    if (signIn)
      problems.push(describe("APP_ORIGIN", "is required with sign-in: tokens are only accepted for it"));
    return [`http://localhost:${vars.PORT}`, `http://127.0.0.1:${vars.PORT}`];
  }
  const origins = vars.APP_ORIGIN.split(",").map((origin) => origin.trim());
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
      problems.push(
        describe("APP_ORIGIN", `has "${origin}", which is not an origin like https://host[:port]`),
      );
    }
  }
  return origins;
}

function parseEncryptionKey(value: string | undefined, problems: string[]): Buffer | undefined {
  if (!value) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (key.length !== 32) {
    problems.push(
      describe("DATA_ENCRYPTION_KEY", "must be 32 bytes, as 64 hex digits or 44 base64 characters"),
    );
    return undefined;
  }
  return key;
}

const FHIR_REQUIRED = ["FHIR_BASE_URL", "FHIR_CLIENT_ID", "FHIR_PRIVATE_KEY", "FHIR_KEY_ID"] as const;
const FHIR_OPTIONAL = ["FHIR_TOKEN_URL", "FHIR_SCOPE"] as const;

/** The FHIR push's settings: all of them or none, so a half-configured push never starts. */
function parseFhir(vars: Vars, problems: string[]): FhirConfig | undefined {
  const missing = FHIR_REQUIRED.filter((name) => !vars[name]);
  if (missing.length === FHIR_REQUIRED.length) {
    for (const name of FHIR_OPTIONAL.filter((name) => vars[name])) {
      problems.push(describe(name, "is set but FHIR_BASE_URL is not"));
    }
    return undefined;
  }
  for (const name of missing) {
    problems.push(describe(name, "is missing while other FHIR_ settings are set (all or none)"));
  }
  const baseUrl = vars.FHIR_BASE_URL && endpointUrl("FHIR_BASE_URL", vars.FHIR_BASE_URL, problems);
  const tokenUrl = vars.FHIR_TOKEN_URL && endpointUrl("FHIR_TOKEN_URL", vars.FHIR_TOKEN_URL, problems);
  const privateKeyPem = vars.FHIR_PRIVATE_KEY?.replace(/\\n/g, "\n");
  const algorithm = privateKeyPem ? signingAlgorithmOf(privateKeyPem) : undefined;
  if (privateKeyPem && !algorithm) {
    problems.push(
      describe("FHIR_PRIVATE_KEY", "is not a PEM RSA or EC P-384 private key (-----BEGIN PRIVATE KEY-----…)"),
    );
  }
  if (!baseUrl || !algorithm || missing.length > 0 || (vars.FHIR_TOKEN_URL && !tokenUrl)) return undefined;
  return {
    baseUrl,
    clientId: vars.FHIR_CLIENT_ID!,
    keyId: vars.FHIR_KEY_ID!,
    privateKeyPem: privateKeyPem!,
    algorithm,
    tokenUrl: tokenUrl || undefined,
    scope: vars.FHIR_SCOPE ?? "system/DocumentReference.write",
    timeoutMs: vars.FHIR_TIMEOUT_MS,
  };
}

/** An https URL (http only on a loopback host), without its trailing slash; undefined when it is not. */
function endpointUrl(name: string, value: string, problems: string[]): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const secure = url?.protocol === "https:" || (url?.protocol === "http:" && isLoopback(url.hostname));
  if (!url || !secure || url.username || url.password || url.search || url.hash) {
    problems.push(
      describe(name, "must be an https URL (http only on a loopback host), with no credentials or query"),
    );
    return undefined;
  }
  return url.href.endsWith("/") ? url.href.slice(0, -1) : url.href;
}

/** The summary writer the configuration names, writing every note type (the embedded one with `work`). */
export function noteWriterSettings(config: AppConfig, work?: NoteFormatWork): NoteWriterSettings {
  const settings = writerSettings(config);
  return settings.provider === "embedded" ? { provider: "embedded", work } : settings;
}

/** The summary writer the configuration names, for the core package's registry. */
export function writerSettings(config: AppConfig, embeddedWork?: EmbeddedWork): WriterSettings {
  if (config.summaryProvider === "embedded") return { provider: "embedded", embeddedWork };
  return {
    provider: "openai",
    openai: {
      apiKey: config.openai.apiKey!,
      baseURL: config.openai.baseURL,
      model: config.openai.model,
      timeoutMs: config.openai.timeoutMs,
      totalTimeoutMs: config.upstreamTotalTimeoutMs,
    },
  };
}
