// The service stack on either target: the service, the roles that read the secrets, alarms,
// dashboard and the GitHub deploy role.
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";

import { type Target } from "../src/config";
import { SECRET_NAMES } from "../src/foundation-stack";
import { METRICS_NAMESPACE } from "@consult-summary/core/metrics-contract";

import { ALARMED_ERROR_CODES } from "../src/metrics";
import {
  actionsOf,
  importedResourceId,
  onlyResource,
  resourcesOf,
  resourcesOfType,
  roleStatements,
  synthesizeDefault,
} from "./support/deployment";

/** The logical ids of the foundation's secrets, by secret name. */
function secretIds(target: Target): Map<string, string> {
  const { foundationTemplate } = synthesizeDefault(target);
  return new Map(
    Object.entries(resourcesOfType(foundationTemplate, "AWS::SecretsManager::Secret")).map(([id, secret]) => [
      String(secret.Properties!.Name).split("/")[1]!,
      id,
    ]),
  );
}

describe("the ECS Express Mode service", () => {
  const { serviceTemplate: template, foundationTemplate } = synthesizeDefault("ecs-express");
  const service = onlyResource(template, "AWS::ECS::ExpressGatewayService");

  it("runs the repository's image with a /health check, port, CPU, memory and a scaling target", () => {
    expect(service.properties).toMatchObject({
      ServiceName: "consult-summary-prod",
      HealthCheckPath: "/health",
      Cpu: "1024",
      Memory: "2048",
      ScalingTarget: {
        AutoScalingMetric: "AVERAGE_CPU",
        AutoScalingTargetValue: 60,
        MinTaskCount: 2,
        MaxTaskCount: 10,
      },
      PrimaryContainer: { ContainerPort: 8080, AwsLogsConfiguration: { LogStreamPrefix: "app" } },
    });
    expect(JSON.stringify(service.properties)).toContain(":first-deploy");
    for (const role of ["ExecutionRoleArn", "TaskRoleArn", "InfrastructureRoleArn"]) {
      expect(service.properties[role]).toEqual({ "Fn::GetAtt": [expect.any(String), "Arn"] });
    }
  });

  it("gets every secret as an environment variable from its own Secrets Manager secret", () => {
    const ids = secretIds("ecs-express");
    const secrets = (
      service.properties.PrimaryContainer as { Secrets: { Name: string; ValueFrom: unknown }[] }
    ).Secrets;
    expect(secrets.map((secret) => secret.Name).sort()).toEqual([...SECRET_NAMES].sort());
    for (const secret of secrets) {
      expect(importedResourceId(foundationTemplate, secret.ValueFrom)).toBe(ids.get(secret.Name));
    }
  });

  it("writes its logs to a log group kept for a year", () => {
    const logGroup = onlyResource(template, "AWS::Logs::LogGroup");
    expect(logGroup.properties).toMatchObject({
      LogGroupName: "/ecs/consult-summary-prod",
      RetentionInDays: 365,
    });
    expect(service.properties.PrimaryContainer).toMatchObject({
      AwsLogsConfiguration: { LogGroup: { Ref: logGroup.id } },
    });
  });

  it("gives the task role no permissions at all", () => {
    const taskRoleId = (service.properties.TaskRoleArn as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
    expect(roleStatements(template, taskRoleId)).toEqual([]);
    expect(resourcesOfType(template, "AWS::IAM::Role")[taskRoleId]?.Properties).not.toHaveProperty(
      "ManagedPolicyArns",
    );
  });
});

describe("the App Runner service", () => {
  const { serviceTemplate: template, foundationTemplate } = synthesizeDefault("app-runner");
  const service = onlyResource(template, "AWS::AppRunner::Service");

  it("runs the repository's image with a /health check, through a VPC connector, with auto scaling and observability", () => {
    const connector = onlyResource(template, "AWS::AppRunner::VpcConnector");
    const scaling = onlyResource(template, "AWS::AppRunner::AutoScalingConfiguration");
    const observability = onlyResource(template, "AWS::AppRunner::ObservabilityConfiguration");
    expect(scaling.properties).toMatchObject({ MinSize: 2, MaxSize: 10 });
    expect(observability.properties).toMatchObject({ TraceConfiguration: { Vendor: "AWSXRAY" } });
    expect(service.properties).toMatchObject({
      ServiceName: "consult-summary-prod",
      HealthCheckConfiguration: { Protocol: "HTTP", Path: "/health" },
      InstanceConfiguration: { Cpu: "1024", Memory: "2048" },
      SourceConfiguration: {
        AutoDeploymentsEnabled: false,
        ImageRepository: { ImageConfiguration: { Port: "8080" } },
      },
      NetworkConfiguration: {
        EgressConfiguration: {
          EgressType: "VPC",
          VpcConnectorArn: { "Fn::GetAtt": [connector.id, "VpcConnectorArn"] },
        },
      },
      AutoScalingConfigurationArn: { "Fn::GetAtt": [scaling.id, "AutoScalingConfigurationArn"] },
      ObservabilityConfiguration: {
        ObservabilityEnabled: true,
        ObservabilityConfigurationArn: { "Fn::GetAtt": [observability.id, "ObservabilityConfigurationArn"] },
      },
    });
  });

  it("gets every secret as an environment variable from its own Secrets Manager secret", () => {
    const ids = secretIds("app-runner");
    const secrets = (
      service.properties.SourceConfiguration as {
        ImageRepository: {
          ImageConfiguration: { RuntimeEnvironmentSecrets: { Name: string; Value: unknown }[] };
        };
      }
    ).ImageRepository.ImageConfiguration.RuntimeEnvironmentSecrets;
    expect(secrets.map((secret) => secret.Name).sort()).toEqual([...SECRET_NAMES].sort());
    for (const secret of secrets)
      expect(importedResourceId(foundationTemplate, secret.Value)).toBe(ids.get(secret.Name));
  });
});

describe.each<[Target, string]>([
  ["ecs-express", "ExecutionRoleArn"],
  ["app-runner", "InstanceRoleArn"],
])("on %s, the role that reads the secrets", (target, roleProperty) => {
  const { serviceTemplate: template, foundationTemplate } = synthesizeDefault(target);
  const serviceType =
    target === "ecs-express" ? "AWS::ECS::ExpressGatewayService" : "AWS::AppRunner::Service";
  const properties = onlyResource(template, serviceType).properties;
  const roleArn =
    target === "ecs-express"
      ? properties[roleProperty]
      : (properties.InstanceConfiguration as Record<string, unknown>)[roleProperty];
  const roleId = (roleArn as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];

  it("may read exactly its own seven secrets, and is the only role that may read any", () => {
    const readers = Object.keys(resourcesOfType(template, "AWS::IAM::Role")).filter((id) =>
      roleStatements(template, id).some((statement) =>
        actionsOf(statement).includes("secretsmanager:GetSecretValue"),
      ),
    );
    expect(readers).toEqual([roleId]);
    const reading = roleStatements(template, roleId).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith("secretsmanager:")),
    );
    expect(reading).toHaveLength(1);
    expect(actionsOf(reading[0]!).sort()).toEqual([
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
    ]);
    const readable = resourcesOf(reading[0]!).map((resource) =>
      importedResourceId(foundationTemplate, resource),
    );
    expect(readable.sort()).toEqual([...secretIds(target).values()].sort());
  });

  it("may decrypt with the key only through Secrets Manager", () => {
    const decrypting = roleStatements(template, roleId).filter((statement) =>
      actionsOf(statement).includes("kms:Decrypt"),
    );
    expect(decrypting).toHaveLength(1);
    expect(decrypting[0]!.Condition).toEqual({
      StringEquals: {
        "kms:ViaService": { "Fn::Join": ["", ["secretsmanager.", { Ref: "AWS::Region" }, ".amazonaws.com"]] },
      },
    });
  });
});

describe.each<[Target, string]>([
  ["ecs-express", "AWS/ECS"],
  ["app-runner", "AWS/AppRunner"],
])("on %s, the alarms and the dashboard", (target, platformNamespace) => {
  const { serviceTemplate: template } = synthesizeDefault(target);
  const alarms = Object.values(resourcesOfType(template, "AWS::CloudWatch::Alarm")).map(
    (alarm) => alarm.Properties!,
  );
  const byName = (suffix: string) => {
    const alarm = alarms.find((candidate) => candidate.AlarmName === `consult-summary-prod-${suffix}`);
    if (!alarm) throw new Error(`no alarm ${suffix}`);
    return alarm;
  };

  it("all notify the alarm topic, on alarm and on recovery", () => {
    expect(alarms.length).toBe(5 + ALARMED_ERROR_CODES.length);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ "Fn::ImportValue": expect.stringContaining("AlarmTopic") }]);
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
    }
  });

  it("watch the 5xx rate as a share of requests", () => {
    const metrics = byName("5xx-rate").Metrics as {
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string } };
    }[];
    expect(metrics.find((metric) => metric.Expression)?.Expression).toMatch(/100 \*/);
    const names = metrics.flatMap((metric) =>
      metric.MetricStat ? [metric.MetricStat.Metric.MetricName] : [],
    );
    expect(names).toEqual(
      expect.arrayContaining(
        target === "ecs-express"
          ? ["RequestCount", "HTTPCode_Target_5XX_Count"]
          : ["Requests", "5xxStatusResponses"],
      ),
    );
  });

  it("watch the p95 time to first token, the database and each failing error code in the app's namespace", () => {
    expect(byName("p95-time-to-first-token")).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: "TimeToFirstTokenMs",
      ExtendedStatistic: "p95",
      Dimensions: [{ Name: "Service", Value: "consult-summary-prod" }],
    });
    expect(byName("database-unavailable")).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: "DatabaseUnavailable",
    });
    for (const code of ALARMED_ERROR_CODES) {
      expect(byName(`summaries-failed-${code}`)).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        MetricName: "SummariesFailed",
        Statistic: "Sum",
        Dimensions: expect.arrayContaining([
          { Name: "ErrorCode", Value: code },
          { Name: "Service", Value: "consult-summary-prod" },
        ]),
      });
    }
  });

  it(`watch CPU and memory from ${platformNamespace}`, () => {
    expect(byName("cpu")).toMatchObject({ Namespace: platformNamespace, MetricName: "CPUUtilization" });
    expect(byName("memory")).toMatchObject({ Namespace: platformNamespace, MetricName: "MemoryUtilization" });
  });

  it("have a dashboard", () => {
    template.hasResourceProperties("AWS::CloudWatch::Dashboard", { DashboardName: "consult-summary-prod" });
  });
});

describe.each<Target>(["ecs-express", "app-runner"])("on %s, the GitHub deploy role", (target) => {
  const { serviceTemplate: template } = synthesizeDefault(target);
  const [roleId] = Object.entries(resourcesOfType(template, "AWS::IAM::Role")).find(([, role]) =>
    JSON.stringify(role.Properties!.AssumeRolePolicyDocument).includes("sts:AssumeRoleWithWebIdentity"),
  )!;

  it("trusts only the repository's GitHub environment through GitHub's OIDC provider", () => {
    template.hasResourceProperties("AWS::IAM::OIDCProvider", {
      Url: "https://token.actions.githubusercontent.com",
      ClientIdList: ["sts.amazonaws.com"],
    });
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": "repo:your-org/consult-summary:environment:prod",
              },
            },
          }),
        ],
      },
    });
  });

  it("may push images and roll out this service, and nothing with a wildcard action", () => {
    const actions = roleStatements(template, roleId).flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining(["ecr:PutImage", "ecr:CompleteLayerUpload", "cloudformation:DescribeStacks"]),
    );
    expect(actions).toEqual(
      expect.arrayContaining(
        target === "ecs-express" ? ["ecs:UpdateExpressGatewayService"] : ["apprunner:UpdateService"],
      ),
    );
    expect(actions.filter((action) => action.includes("*"))).toEqual([]);
    expect(actions.filter((action) => action.startsWith("secretsmanager:"))).toEqual([]);
  });
});
