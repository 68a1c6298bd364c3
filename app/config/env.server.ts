import path from "node:path";

import { z } from "zod";

import { remember } from "../utils/remember.server";
import { parseModelPrices, type ModelPrices } from "./prices";

/** Every variable the server reads, with what it is for (shown when one is wrong). */
const VARIABLES = {
  PORT: "TCP port the HTTP server listens on",
  HOST: "interface to bind; 127.0.0.1 keeps single-user local mode private to this machine",
  DATA_DIR: "folder for the SQLite database (created if missing)",
  SUMMARY_PROVIDER: "which summarizer writes summaries: embedded (offline, default without a key) or openai",
  OPENAI_API_KEY: "API key for the OpenAI-compatible server (required when SUMMARY_PROVIDER=openai)",
  OPENAI_BASE_URL: "base URL of any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp server)",
  OPENAI_MODEL: "model name that overrides the prompt file's model",
  OPENAI_TIMEOUT_MS: "how long to wait for the model to start answering, and between streamed chunks",
  MODEL_PRICES:
    'JSON price table merged over the defaults: {"model": {"input": usdPer1M, "output": usdPer1M}}',
  STREAM_ORPHAN_GRACE_MS:
    "how long a generation keeps running with no one watching (browser reconnects) before it is cancelled",
} as const;

type VariableName = keyof typeof VARIABLES;

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

const schema = z.object({
  PORT: integerInRange(0, 65_535).default("3000"),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  SUMMARY_PROVIDER: z.enum(["embedded", "openai"]).optional(),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s/]+/i, "must be an http(s) URL")
      .pipe(z.string().url("must be an http(s) URL"))
      .optional(),
  ),
  OPENAI_MODEL: optionalText,
  OPENAI_TIMEOUT_MS: integerInRange(100, 600_000).default("30000"),
  MODEL_PRICES: optionalText,
  STREAM_ORPHAN_GRACE_MS: integerInRange(0, 600_000).default("5000"),
});

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  summaryProvider: "embedded" | "openai";
  openai: { apiKey?: string; baseURL?: string; model?: string; timeoutMs: number };
  modelPrices: ModelPrices;
  streamOrphanGraceMs: number;
  authMode: "local";
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
  const purpose = VARIABLES[name as VariableName];
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
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const vars = parsed.data;
  const summaryProvider = vars.SUMMARY_PROVIDER ?? (vars.OPENAI_API_KEY ? "openai" : "embedded");
  if (summaryProvider === "openai" && !vars.OPENAI_API_KEY) {
    throw new ConfigError([describe("OPENAI_API_KEY", "is required because SUMMARY_PROVIDER=openai")]);
  }

  const dataDir = path.resolve(cwd, vars.DATA_DIR);
  return {
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    databasePath: path.join(dataDir, "consult-summary.sqlite"),
    summaryProvider,
    openai: {
      apiKey: vars.OPENAI_API_KEY,
      baseURL: vars.OPENAI_BASE_URL,
      model: vars.OPENAI_MODEL,
      timeoutMs: vars.OPENAI_TIMEOUT_MS,
    },
    modelPrices,
    streamOrphanGraceMs: vars.STREAM_ORPHAN_GRACE_MS,
    authMode: "local",
  };
}

/** The validated configuration of this process, read from process.env once. */
export function getConfig(): AppConfig {
  return remember("config", () => parseConfig(process.env));
}
