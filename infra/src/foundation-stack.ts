// What outlives any one deploy of the app: the network, the encryption key, the database, the
// secrets, the image repository and the alarm topic. Deployed first, before any image exists.
import { Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecr from "aws-cdk-lib/aws-ecr";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { type Construct } from "constructs";

import { type DeployConfig, serviceName } from "./config";

export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
export const DATABASE_PORT = 5432;

/** The app's environment variables that come from Secrets Manager, one secret each. */
export const SECRET_NAMES = [
  "DATABASE_URL",
  "CLERK_PUBLISHABLE_KEY",
  "CLERK_SECRET_KEY",
  "SESSION_SECRET",
  "OPENAI_API_KEY",
  "DATA_ENCRYPTION_KEY",
  "METRICS_TOKEN",
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * How each secret's first value is made. `generated`: CloudFormation draws a random value that the
 * app can use as it is (never in the template). `fill-in`: a random placeholder the team replaces
 * with the real value (docs/deploy.md, "Secrets to fill in") before the service is deployed.
 */
const SECRET_VALUES: Record<
  SecretName,
  { kind: "generated" | "fill-in"; generate: secretsmanager.SecretStringGenerator }
> = {
  DATABASE_URL: { kind: "fill-in", generate: { excludePunctuation: true } },
  CLERK_PUBLISHABLE_KEY: { kind: "fill-in", generate: { excludePunctuation: true } },
  CLERK_SECRET_KEY: { kind: "fill-in", generate: { excludePunctuation: true } },
  OPENAI_API_KEY: { kind: "fill-in", generate: { excludePunctuation: true } },
  // Commas separate rotated secrets (env.server.ts), so no punctuation.
  SESSION_SECRET: { kind: "generated", generate: { excludePunctuation: true, passwordLength: 48 } },
  METRICS_TOKEN: { kind: "generated", generate: { excludePunctuation: true, passwordLength: 40 } },
  // 64 hex digits = the 32-byte AES-256-GCM key env.server.ts accepts.
  DATA_ENCRYPTION_KEY: {
    kind: "generated",
    generate: {
      passwordLength: 64,
      excludePunctuation: true,
      excludeUppercase: true,
      excludeCharacters: "ghijklmnopqrstuvwxyz",
    },
  },
};

export function isFillInSecret(name: SecretName): boolean {
  return SECRET_VALUES[name].kind === "fill-in";
}

export interface FoundationStackProps extends StackProps {
  readonly config: DeployConfig;
}

export class FoundationStack extends Stack {
  readonly key: kms.Key;
  readonly vpc: ec2.Vpc;
  readonly database: rds.DatabaseInstance;
  readonly appSecurityGroup: ec2.SecurityGroup;
  readonly secrets: Record<SecretName, secretsmanager.Secret>;
  readonly repository: ecr.Repository;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id, props);
    const { config } = props;
    const name = serviceName(config);

    this.key = new kms.Key(this, "DataKey", {
      alias: `alias/${name}`,
      description: `${name}: RDS storage, secrets, logs and alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs and CloudWatch alarms (publishing to the encrypted topic) use the key too.
    this.key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    this.key.grant(
      new iam.ServicePrincipal("cloudwatch.amazonaws.com"),
      "kms:Decrypt",
      "kms:GenerateDataKey*",
    );

    this.vpc = new ec2.Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: config.multiAz ? 2 : 1,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: "app", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: "database", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    this.vpc.addFlowLog("FlowLog", {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, "FlowLogGroup", { retention: LOG_RETENTION, encryptionKey: this.key }),
      ),
    });

    this.appSecurityGroup = new ec2.SecurityGroup(this, "AppSecurityGroup", {
      vpc: this.vpc,
      description: `${name}: the app tasks (ECS) or VPC connector (App Runner)`,
      allowAllOutbound: true,
    });
    const databaseSecurityGroup = new ec2.SecurityGroup(this, "DatabaseSecurityGroup", {
      vpc: this.vpc,
      description: `${name}: PostgreSQL, reachable from the app only`,
      allowAllOutbound: false,
    });
    databaseSecurityGroup.addIngressRule(this.appSecurityGroup, ec2.Port.tcp(DATABASE_PORT), "the app");

    // Created here, not by RDS, so they have a retention and the key (RDS names them by instance).
    const databaseLogGroups = ["postgresql", "upgrade"].map(
      (log) =>
        new logs.LogGroup(this, `DatabaseLogs-${log}`, {
          logGroupName: `/aws/rds/instance/${name}/${log}`,
          retention: LOG_RETENTION,
          encryptionKey: this.key,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
    );
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 });
    this.database = new rds.DatabaseInstance(this, "Database", {
      engine,
      instanceIdentifier: name,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [databaseSecurityGroup],
      port: DATABASE_PORT,
      multiAz: config.multiAz,
      allocatedStorage: 50,
      maxAllocatedStorage: 200,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      storageEncryptionKey: this.key,
      // RDS keeps the master password in its own Secrets Manager secret and rotates it; the app
      // connects as its own role (docs/deploy.md), so that rotation never touches DATABASE_URL.
      credentials: rds.Credentials.fromUsername("consult_admin"),
      manageMasterUserPassword: true,
      parameterGroup: new rds.ParameterGroup(this, "Parameters", {
        engine,
        description: `${name}: TLS only`,
        parameters: { "rds.force_ssl": "1", log_parameter_max_length: "0" },
      }),
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      backupRetention: Duration.days(7),
      copyTagsToSnapshot: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      iamAuthentication: true,
      cloudwatchLogsExports: ["postgresql", "upgrade"],
      monitoringInterval: Duration.seconds(60),
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: this.key,
    });
    this.database.node.addDependency(...databaseLogGroups);
    (this.database.node.defaultChild as rds.CfnDBInstance).addPropertyOverride(
      "MasterUserSecret.KmsKeyId",
      this.key.keyArn,
    );

    this.secrets = Object.fromEntries(
      SECRET_NAMES.map((secretName) => [
        secretName,
        new secretsmanager.Secret(this, secretName, {
          secretName: `${name}/${secretName}`,
          description: `${name}: ${secretName} (${SECRET_VALUES[secretName].kind === "fill-in" ? "fill in, docs/deploy.md" : "generated"})`,
          encryptionKey: this.key,
          generateSecretString: SECRET_VALUES[secretName].generate,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      ]),
    ) as Record<SecretName, secretsmanager.Secret>;

    this.repository = new ecr.Repository(this, "Repository", {
      repositoryName: name,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ description: "keep the last 50 images", maxImageCount: 50 }],
    });

    this.alarmTopic = new sns.Topic(this, "AlarmTopic", {
      displayName: `${name} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (config.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    }
  }
}
