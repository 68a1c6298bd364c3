// Builds the two stacks of one deployment into a CDK app, with the cdk-nag rule packs applied.
import { type App, Aspects, type Environment, Tags } from "aws-cdk-lib";
import { AwsSolutionsChecks, HIPAASecurityChecks } from "cdk-nag";

import { type DeployConfig, readConfig, stackPrefix } from "./config";
import { FoundationStack } from "./foundation-stack";
import { suppressAcceptedFindings } from "./nag-suppressions";
import { ServiceStack } from "./service-stack";

export interface Deployment {
  readonly config: DeployConfig;
  readonly foundation: FoundationStack;
  readonly service: ServiceStack;
}

/** The deployment the app's context describes (cdk.json plus `-c` values). */
export function buildDeployment(app: App): Deployment {
  const config = readConfig((key) => app.node.tryGetContext(key));
  // Only an explicit account and region pin the stacks; otherwise they are environment-agnostic, so
  // synthesis never asks AWS anything.
  const env: Environment | undefined =
    config.account && config.region ? { account: config.account, region: config.region } : undefined;
  const prefix = stackPrefix(config);

  const foundation = new FoundationStack(app, `${prefix}-Foundation`, {
    env,
    config,
    description: "Consult Summary: network, KMS key, PostgreSQL, secrets, image repository, alarm topic",
  });
  const service = new ServiceStack(app, `${prefix}-Service`, {
    env,
    config,
    foundation,
    description: `Consult Summary: the app on ${config.target}, alarms, dashboard, GitHub deploy role`,
  });
  service.addStackDependency(foundation);
  Tags.of(app).add("Application", "consult-summary");
  Tags.of(app).add("Environment", config.envName);

  suppressAcceptedFindings({ config, foundation, service });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  Aspects.of(app).add(new HIPAASecurityChecks({ verbose: true }));
  return { config, foundation, service };
}
