// The foundation stack: what outlives deploys (network, key, PostgreSQL, secrets, images, alarm topic).
import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";

import { readConfig } from "../src/config";
import { SECRET_NAMES } from "../src/foundation-stack";
import { onlyResource, resourcesOfType, synthesize, synthesizeDefault } from "./support/deployment";

describe("the foundation stack", () => {
  const { foundationTemplate: template } = synthesizeDefault("ecs-express");
  const key = onlyResource(template, "AWS::KMS::Key");

  it("has one customer-managed KMS key with rotation", () => {
    expect(key.properties.EnableKeyRotation).toBe(true);
  });

  it("has an ECR repository that scans on push and refuses to overwrite a tag", () => {
    template.hasResourceProperties("AWS::ECR::Repository", {
      RepositoryName: "consult-summary-prod",
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: "IMMUTABLE",
    });
  });

  it("has a VPC over two AZs with public, private and isolated subnets and flow logs", () => {
    template.resourceCountIs("AWS::EC2::VPC", 1);
    template.resourceCountIs("AWS::EC2::Subnet", 6);
    template.resourceCountIs("AWS::EC2::FlowLog", 1);
    template.allResourcesProperties("AWS::EC2::Subnet", { MapPublicIpOnLaunch: false });
  });

  it("runs PostgreSQL encrypted with the customer key, TLS only, backed up, protected from deletion, Multi-AZ", () => {
    const database = onlyResource(template, "AWS::RDS::DBInstance");
    expect(database.properties).toMatchObject({
      Engine: "postgres",
      StorageEncrypted: true,
      KmsKeyId: { "Fn::GetAtt": [key.id, "Arn"] },
      DeletionProtection: true,
      BackupRetentionPeriod: 7,
      MultiAZ: true,
      PubliclyAccessible: false,
      ManageMasterUserPassword: true,
      MasterUserSecret: { KmsKeyId: { "Fn::GetAtt": [key.id, "Arn"] } },
    });
    expect(database.properties).not.toHaveProperty("MasterUserPassword");
    const parameterGroupId = (database.properties.DBParameterGroupName as { Ref: string }).Ref;
    expect(
      resourcesOfType(template, "AWS::RDS::DBParameterGroup")[parameterGroupId]?.Properties,
    ).toMatchObject({
      Parameters: { "rds.force_ssl": "1" },
    });
  });

  it("switches Multi-AZ off with -c multiAz=false", () => {
    const single = synthesize("ecs-express", { multiAz: "false" });
    single.foundationTemplate.hasResourceProperties("AWS::RDS::DBInstance", { MultiAZ: false });
  });

  it("has one secret per app secret, encrypted with the key, with a generated first value", () => {
    const secrets = Object.values(resourcesOfType(template, "AWS::SecretsManager::Secret"));
    expect(secrets.map((secret) => secret.Properties!.Name).sort()).toEqual(
      SECRET_NAMES.map((name) => `consult-summary-prod/${name}`).sort(),
    );
    for (const secret of secrets) {
      expect(secret.Properties).toMatchObject({
        KmsKeyId: { "Fn::GetAtt": [key.id, "Arn"] },
        GenerateSecretString: expect.any(Object),
      });
    }
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "consult-summary-prod/DATA_ENCRYPTION_KEY",
      GenerateSecretString: { PasswordLength: 64, ExcludeUppercase: true, ExcludePunctuation: true },
    });
  });

  it("keeps every log group for a year, encrypted with the key", () => {
    const groups = Object.values(resourcesOfType(template, "AWS::Logs::LogGroup"));
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const group of groups) {
      expect(group.Properties).toMatchObject({
        RetentionInDays: 365,
        KmsKeyId: { "Fn::GetAtt": [key.id, "Arn"] },
      });
    }
  });

  it("has an encrypted alarm topic that refuses plain HTTP, with the e-mail subscription when given", () => {
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: { "Fn::GetAtt": [key.id, "Arn"] } });
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    template.resourceCountIs("AWS::SNS::Subscription", 0);
    synthesize("ecs-express", { alarmEmail: "oncall@example.org" }).foundationTemplate.hasResourceProperties(
      "AWS::SNS::Subscription",
      { Protocol: "email", Endpoint: "oncall@example.org" },
    );
  });

  it("is environment-agnostic and looks nothing up, so synthesis needs no account", () => {
    const { app, foundation } = synthesizeDefault("ecs-express");
    const assembly = app.synth();
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(foundation.resolve(foundation.account)).toEqual({ Ref: "AWS::AccountId" });
  });
});

describe("the context values", () => {
  it("reject an unknown target, naming it and the choices", () => {
    expect(() =>
      readConfig(
        (key) =>
          ({ target: "lambda", envName: "prod", multiAz: true, imageTag: "x", githubRepository: "a/b" })[key],
      ),
    ).toThrow(/-c target: must be one of ecs-express, app-runner/);
  });

  it("pin the stacks to an account and region only when both are given", () => {
    const pinned = synthesize("app-runner", { account: "123456789012", region: "eu-west-2" });
    expect(pinned.foundation.account).toBe("123456789012");
    expect(pinned.service.region).toBe("eu-west-2");
  });
});
