// The app on AWS App Runner, for accounts that already use it (App Runner takes no new customers
// since 30 April 2026; docs/decisions/012-deploy-targets-ecs-express-and-app-runner.md).
import { Duration, Validations } from "aws-cdk-lib";
import * as apprunner from "aws-cdk-lib/aws-apprunner";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

import {
  type AppService,
  type AppServiceProps,
  grantReadSecrets,
  CONTAINER_PORT,
  CPU_UNITS,
  HEALTH_CHECK_PATH,
  MAX_TASKS,
  MEMORY_MIB,
  MIN_TASKS,
  plainEnvironment,
} from "./app-service";

/** Requests one instance serves at once before App Runner adds another. */
export const MAX_CONCURRENCY = 80;

export class AppRunnerService extends Construct implements AppService {
  readonly url: string;
  readonly serverErrorRate: cloudwatch.IMetric;
  readonly cpuUtilization: cloudwatch.IMetric;
  readonly memoryUtilization: cloudwatch.IMetric;
  /** The app's identity at run time: reads its secrets, nothing else. */
  readonly instanceRole: iam.Role;
  /** Lets App Runner pull the image from ECR. */
  readonly accessRole: iam.Role;
  readonly service: apprunner.CfnService;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const { serviceName } = props;

    this.accessRole = new iam.Role(this, "AccessRole", {
      assumedBy: new iam.ServicePrincipal("build.apprunner.amazonaws.com"),
      description: `${serviceName}: App Runner pulls the image`,
    });
    props.repository.grantPull(this.accessRole);
    this.instanceRole = new iam.Role(this, "InstanceRole", {
      assumedBy: new iam.ServicePrincipal("tasks.apprunner.amazonaws.com"),
      description: `${serviceName}: the app's identity, reads its own secrets`,
    });
    grantReadSecrets(this.instanceRole, props.secrets, props.key);

    Validations.of(this).acknowledge({
      id: "CloudFormation-Validate::W3697",
      reason:
        "App Runner is in maintenance mode: this target is kept for accounts that already run on it; new accounts use ECS Express Mode (ADR 012).",
    });
    const vpcConnector = new apprunner.CfnVpcConnector(this, "VpcConnector", {
      vpcConnectorName: serviceName,
      subnets: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
      securityGroups: [props.securityGroup.securityGroupId],
    });
    const autoScaling = new apprunner.CfnAutoScalingConfiguration(this, "AutoScaling", {
      autoScalingConfigurationName: serviceName,
      minSize: MIN_TASKS,
      maxSize: MAX_TASKS,
      maxConcurrency: MAX_CONCURRENCY,
    });
    const observability = new apprunner.CfnObservabilityConfiguration(this, "Observability", {
      observabilityConfigurationName: serviceName,
      traceConfiguration: { vendor: "AWSXRAY" },
    });

    const environment = plainEnvironment(serviceName, props.appOrigin);
    this.service = new apprunner.CfnService(this, "Service", {
      serviceName,
      sourceConfiguration: {
        authenticationConfiguration: { accessRoleArn: this.accessRole.roleArn },
        autoDeploymentsEnabled: false,
        imageRepository: {
          imageRepositoryType: "ECR",
          imageIdentifier: props.repository.repositoryUriForTag(props.imageTag),
          imageConfiguration: {
            port: String(CONTAINER_PORT),
            runtimeEnvironmentVariables: Object.entries(environment).map(([name, value]) => ({
              name,
              value,
            })),
            runtimeEnvironmentSecrets: Object.entries(props.secrets).map(([name, secret]) => ({
              name,
              value: secret.secretArn,
            })),
          },
        },
      },
      instanceConfiguration: {
        cpu: CPU_UNITS,
        memory: MEMORY_MIB,
        instanceRoleArn: this.instanceRole.roleArn,
      },
      healthCheckConfiguration: {
        protocol: "HTTP",
        path: HEALTH_CHECK_PATH,
        interval: 10,
        timeout: 5,
        healthyThreshold: 1,
        unhealthyThreshold: 3,
      },
      networkConfiguration: {
        egressConfiguration: { egressType: "VPC", vpcConnectorArn: vpcConnector.attrVpcConnectorArn },
        ingressConfiguration: { isPubliclyAccessible: true },
      },
      autoScalingConfigurationArn: autoScaling.attrAutoScalingConfigurationArn,
      observabilityConfiguration: {
        observabilityEnabled: true,
        observabilityConfigurationArn: observability.attrObservabilityConfigurationArn,
      },
      encryptionConfiguration: { kmsKey: props.key.keyArn },
    });
    this.service.node.addDependency(this.accessRole, this.instanceRole);
    this.url = `https://${this.service.attrServiceUrl}`;
    // App Runner names the group after the service's id, so the stack cannot create it first; its
    // retention is the one manual step (docs/deploy.md).
    this.logGroupName = `/aws/apprunner/${serviceName}/${this.service.attrServiceId}/application`;

    const appRunnerMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: "AWS/AppRunner",
        metricName,
        dimensionsMap: { ServiceName: serviceName, ServiceID: this.service.attrServiceId },
        statistic,
        period: Duration.minutes(5),
      });
    this.serverErrorRate = new cloudwatch.MathExpression({
      label: "5xx responses (% of requests)",
      expression: "IF(requests > 0, 100 * errors / requests, 0)",
      usingMetrics: {
        requests: appRunnerMetric("Requests", "Sum"),
        errors: appRunnerMetric("5xxStatusResponses", "Sum"),
      },
      period: Duration.minutes(5),
    });
    this.cpuUtilization = appRunnerMetric("CPUUtilization", "Average");
    this.memoryUtilization = appRunnerMetric("MemoryUtilization", "Average");
  }

  deployStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        sid: "RollOutAppRunnerService",
        actions: [
          "apprunner:UpdateService",
          "apprunner:StartDeployment",
          "apprunner:DescribeService",
          "apprunner:ListOperations",
        ],
        resources: [this.service.attrServiceArn],
      }),
      new iam.PolicyStatement({
        sid: "PassTheAccessRole",
        actions: ["iam:PassRole"],
        resources: [this.accessRole.roleArn],
        conditions: { StringEquals: { "iam:PassedToService": "apprunner.amazonaws.com" } },
      }),
    ];
  }
}
