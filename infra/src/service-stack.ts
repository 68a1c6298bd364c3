// The app itself on the chosen target, its alarms and dashboard, and the role deploy.yml assumes.
// Deployed after the foundation stack, once the repository holds the image `imageTag` names.
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { type Construct } from "constructs";

import { type AppService } from "./app-service";
import { AppRunnerService } from "./app-runner-service";
import { type DeployConfig, serviceName } from "./config";
import { EcsExpressService } from "./ecs-express-service";
import { type FoundationStack } from "./foundation-stack";
import { GithubDeployRole } from "./github-deploy-role";
import { Monitoring } from "./monitoring";

export interface ServiceStackProps extends StackProps {
  readonly config: DeployConfig;
  readonly foundation: FoundationStack;
}

export class ServiceStack extends Stack {
  readonly service: EcsExpressService | AppRunnerService;
  readonly monitoring: Monitoring;
  readonly deployRole: GithubDeployRole;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, foundation } = props;
    const name = serviceName(config);
    const serviceProps = {
      serviceName: name,
      vpc: foundation.vpc,
      securityGroup: foundation.appSecurityGroup,
      repository: foundation.repository,
      imageTag: config.imageTag,
      secrets: foundation.secrets,
      key: foundation.key,
      appOrigin: config.appOrigin,
    };
    this.service =
      config.target === "ecs-express"
        ? new EcsExpressService(this, "EcsExpress", serviceProps)
        : new AppRunnerService(this, "AppRunner", serviceProps);
    const service: AppService = this.service;

    this.monitoring = new Monitoring(this, "Monitoring", {
      serviceName: name,
      service,
      topic: foundation.alarmTopic,
    });
    this.deployRole = new GithubDeployRole(this, "GithubDeploy", {
      repository: config.githubRepository,
      environment: config.envName,
      existingProviderArn: config.githubOidcProviderArn,
      imageRepository: foundation.repository,
      deployStatements: service.deployStatements(),
      stackName: this.stackName,
    });

    // What deploy.yml and the runbooks read (`aws cloudformation describe-stacks`).
    new CfnOutput(this, "Target", { value: config.target });
    new CfnOutput(this, "ServiceUrl", { value: service.url });
    new CfnOutput(this, "DeployRoleArn", { value: this.deployRole.role.roleArn });
    new CfnOutput(this, "EcrRepository", { value: foundation.repository.repositoryName });
    new CfnOutput(this, "ImageTag", { value: config.imageTag });
    if (this.service instanceof EcsExpressService) {
      new CfnOutput(this, "EcsCluster", { value: this.service.service.cluster ?? "" });
      new CfnOutput(this, "EcsServiceArn", { value: this.service.service.attrServiceArn });
      new CfnOutput(this, "AppLogGroup", { value: this.service.logGroup.logGroupName });
    } else {
      new CfnOutput(this, "AppRunnerServiceArn", { value: this.service.service.attrServiceArn });
      new CfnOutput(this, "AppLogGroup", { value: this.service.logGroupName });
    }
  }
}
