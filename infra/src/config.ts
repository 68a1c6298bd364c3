// What a deployment varies by, read from CDK context (infra/cdk.json holds the defaults; override
// with `-c name=value`). Nothing here is looked up in an AWS account: synthesis stays offline.
import { z } from "zod";

export const TARGETS = ["ecs-express", "app-runner"] as const;
export type Target = (typeof TARGETS)[number];

const booleanFromContext = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined));

const configSchema = z.object({
  target: z.enum(TARGETS, { message: `must be one of ${TARGETS.join(", ")}` }),
  envName: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, "must be lowercase letters, digits and dashes"),
  multiAz: booleanFromContext,
  imageTag: z.string().regex(/^[\w][\w.-]{0,127}$/, "must be a valid image tag"),
  githubRepository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name"),
  alarmEmail: optionalText,
  appOrigin: optionalText,
  githubOidcProviderArn: optionalText,
  account: optionalText,
  region: optionalText,
});

export type DeployConfig = z.infer<typeof configSchema>;

export const CONTEXT_KEYS = Object.keys(configSchema.shape) as (keyof DeployConfig)[];

/** The configuration from context values; throws one error naming every bad value. */
export function readConfig(getContext: (key: string) => unknown): DeployConfig {
  const raw = Object.fromEntries(CONTEXT_KEYS.map((key) => [key, getContext(key)]));
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `-c ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid CDK context:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

/** `ConsultSummary-prod`: the prefix of both stacks and of the names AWS shows. */
export function stackPrefix(config: DeployConfig): string {
  return `ConsultSummary-${config.envName}`;
}

/** The service's name in ECS or App Runner, and the `Service` dimension of the app's metrics. */
export function serviceName(config: DeployConfig): string {
  return `consult-summary-${config.envName}`;
}
