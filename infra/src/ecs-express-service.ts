// The app on Amazon ECS Express Mode: one AWS::ECS::ExpressGatewayService makes the Fargate service,
// an HTTPS Application Load Balancer, autoscaling and the deployment alarms from an image and roles.
import { Duration, Fn, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
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
  SCALING_CPU_PERCENT,
} from "./app-service";
import { LOG_RETENTION } from "./foundation-stack";

export class EcsExpressService extends Construct implements AppService {
  readonly url: string;
  readonly serverErrorRate: cloudwatch.IMetric;
  readonly cpuUtilization: cloudwatch.IMetric;
  readonly memoryUtilization: cloudwatch.IMetric;
  /** Pulls the image and reads the secrets into the container's environment. */
  readonly executionRole: iam.Role;
  /** The app's own AWS identity: it calls no AWS API, so it has no permissions. */
  readonly taskRole: iam.Role;
  readonly infrastructureRole: iam.Role;
  readonly service: ecs.CfnExpressGatewayService;
  readonly logGroup: logs.LogGroup;
  private readonly cluster: ecs.Cluster;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const { serviceName } = props;

    this.cluster = new ecs.Cluster(this, "Cluster", {
      clusterName: serviceName,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENHANCED,
    });
    this.logGroup = new logs.LogGroup(this, "AppLogs", {
      logGroupName: `/ecs/${serviceName}`,
      retention: LOG_RETENTION,
      encryptionKey: props.key,
    });

    this.executionRole = new iam.Role(this, "ExecutionRole", {
      assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
      description: `${serviceName}: pulls the image, writes logs, reads the app's secrets`,
    });
    props.repository.grantPull(this.executionRole);
    this.logGroup.grantWrite(this.executionRole);
    grantReadSecrets(this.executionRole, props.secrets, props.key);

    this.taskRole = new iam.Role(this, "TaskRole", {
      assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
      description: `${serviceName}: the app's identity (no AWS API calls)`,
    });
    this.infrastructureRole = new iam.Role(this, "InfrastructureRole", {
      assumedBy: new iam.ServicePrincipal("ecs.amazonaws.com"),
      description: `${serviceName}: lets ECS Express Mode manage the load balancer, scaling and alarms`,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName(
          "service-role/AmazonECSInfrastructureRoleforExpressGatewayServices",
        ),
      ],
    });

    const environment = plainEnvironment(serviceName, props.appOrigin);
    this.service = new ecs.CfnExpressGatewayService(this, "Service", {
      serviceName,
      cluster: this.cluster.clusterName,
      infrastructureRoleArn: this.infrastructureRole.roleArn,
      executionRoleArn: this.executionRole.roleArn,
      taskRoleArn: this.taskRole.roleArn,
      cpu: CPU_UNITS,
      memory: MEMORY_MIB,
      healthCheckPath: HEALTH_CHECK_PATH,
      // Public subnets give the service an internet-facing load balancer, which Express Mode makes
      // and secures itself; the database admits only the tasks' security group given here.
      networkConfiguration: {
        subnets: props.vpc.publicSubnets.map((subnet) => subnet.subnetId),
        securityGroups: [props.securityGroup.securityGroupId],
      },
      primaryContainer: {
        image: props.repository.repositoryUriForTag(props.imageTag),
        containerPort: CONTAINER_PORT,
        awsLogsConfiguration: { logGroup: this.logGroup.logGroupName, logStreamPrefix: "app" },
        environment: Object.entries(environment).map(([name, value]) => ({ name, value })),
        secrets: Object.entries(props.secrets).map(([name, secret]) => ({
          name,
          valueFrom: secret.secretArn,
        })),
      },
      scalingTarget: {
        autoScalingMetric: "AVERAGE_CPU",
        autoScalingTargetValue: SCALING_CPU_PERCENT,
        minTaskCount: MIN_TASKS,
        maxTaskCount: MAX_TASKS,
      },
    });
    this.service.node.addDependency(this.executionRole, this.infrastructureRole);
    this.url = `https://${this.service.attrEndpoint}`;

    // The load balancer and target group exist once the service does: their metric dimensions are
    // the parts of their ARNs after "loadbalancer/" and ":".
    const loadBalancer = Fn.select(
      1,
      Fn.split("loadbalancer/", this.service.attrEcsManagedResourceArnsIngressPathLoadBalancerArn),
    );
    const targetGroupArn = Fn.select(0, this.service.attrEcsManagedResourceArnsIngressPathTargetGroupArns);
    const targetGroup = Fn.select(5, Fn.split(":", targetGroupArn));
    const albMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: "AWS/ApplicationELB",
        metricName,
        dimensionsMap: { LoadBalancer: loadBalancer, TargetGroup: targetGroup },
        statistic: "Sum",
        period: Duration.minutes(5),
      });
    this.serverErrorRate = new cloudwatch.MathExpression({
      label: "5xx responses (% of requests)",
      expression: "IF(requests > 0, 100 * (targetErrors + lbErrors) / requests, 0)",
      usingMetrics: {
        requests: albMetric("RequestCount"),
        targetErrors: albMetric("HTTPCode_Target_5XX_Count"),
        lbErrors: new cloudwatch.Metric({
          namespace: "AWS/ApplicationELB",
          metricName: "HTTPCode_ELB_5XX_Count",
          dimensionsMap: { LoadBalancer: loadBalancer },
          statistic: "Sum",
          period: Duration.minutes(5),
        }),
      },
      period: Duration.minutes(5),
    });
    const ecsMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: "AWS/ECS",
        metricName,
        dimensionsMap: { ClusterName: this.cluster.clusterName, ServiceName: serviceName },
        statistic: "Average",
        period: Duration.minutes(5),
      });
    this.cpuUtilization = ecsMetric("CPUUtilization");
    this.memoryUtilization = ecsMetric("MemoryUtilization");
  }

  deployStatements(): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    const serviceArn = stack.formatArn({
      service: "ecs",
      resource: "service",
      resourceName: `${this.cluster.clusterName}/${this.service.serviceName}`,
    });
    return [
      new iam.PolicyStatement({
        sid: "RollOutExpressService",
        actions: [
          "ecs:UpdateExpressGatewayService",
          "ecs:DescribeExpressGatewayService",
          "ecs:DescribeServices",
        ],
        resources: [serviceArn],
      }),
      new iam.PolicyStatement({
        sid: "WatchDeployments",
        actions: [
          "ecs:ListServiceDeployments",
          "ecs:DescribeServiceDeployments",
          "ecs:DescribeServiceRevisions",
        ],
        resources: [
          serviceArn,
          stack.formatArn({
            service: "ecs",
            resource: "service-deployment",
            resourceName: `${this.cluster.clusterName}/${this.service.serviceName}/*`,
          }),
          stack.formatArn({
            service: "ecs",
            resource: "service-revision",
            resourceName: `${this.cluster.clusterName}/${this.service.serviceName}/*`,
          }),
        ],
      }),
      new iam.PolicyStatement({
        sid: "PassTheServiceRoles",
        actions: ["iam:PassRole"],
        resources: [this.executionRole.roleArn, this.taskRole.roleArn, this.infrastructureRole.roleArn],
        conditions: {
          StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com", "ecs.amazonaws.com"] },
        },
      }),
    ];
  }
}
