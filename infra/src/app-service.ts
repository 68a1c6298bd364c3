// What the service stack needs from either target (ECS Express Mode or App Runner).
import { type IMetric } from "aws-cdk-lib/aws-cloudwatch";
import { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as ecr from "aws-cdk-lib/aws-ecr";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";

import { type SecretName } from "./foundation-stack";

/** What either target is built from. */
export interface AppServiceProps {
  readonly serviceName: string;
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly repository: ecr.IRepository;
  readonly imageTag: string;
  readonly secrets: AppSecrets;
  readonly key: kms.IKey;
  readonly appOrigin?: string;
}

export interface AppService {
  /** The HTTPS endpoint (for `/health` and `/ready`). */
  readonly url: string;
  /** Requests answered 5xx, in percent of all requests. */
  readonly serverErrorRate: IMetric;
  readonly cpuUtilization: IMetric;
  readonly memoryUtilization: IMetric;
  /** What deploy.yml does with this target: roll out a new image and watch it. */
  deployStatements(): iam.PolicyStatement[];
}

export const HEALTH_CHECK_PATH = "/health";
export const CONTAINER_PORT = 8080;
export const CPU_UNITS = "1024";
export const MEMORY_MIB = "2048";
export const MIN_TASKS = 2;
export const MAX_TASKS = 10;
export const SCALING_CPU_PERCENT = 60;

/** The app's environment variables that are not secrets. */
export function plainEnvironment(serviceName: string, appOrigin: string | undefined): Record<string, string> {
  return {
    NODE_ENV: "production",
    PORT: String(CONTAINER_PORT),
    METRICS_SERVICE_NAME: serviceName,
    ...(appOrigin ? { APP_ORIGIN: appOrigin } : {}),
  };
}

export type AppSecrets = Record<SecretName, secretsmanager.ISecret>;

/**
 * Lets `role` read exactly these secrets (and decrypt them through Secrets Manager only). Written on
 * the role's own policy: a grant on the key or the secrets would make the foundation stack
 * reference this stack's role, a cycle between the two stacks.
 */
export function grantReadSecrets(role: iam.IRole, secrets: AppSecrets, key: kms.IKey): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ReadTheAppSecrets",
      actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      resources: Object.values(secrets).map((secret) => secret.secretArn),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "DecryptTheAppSecrets",
      actions: ["kms:Decrypt"],
      resources: [key.keyArn],
      conditions: {
        StringEquals: { "kms:ViaService": `secretsmanager.${Stack.of(role).region}.amazonaws.com` },
      },
    }),
  );
}
