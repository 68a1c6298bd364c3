// GitHub Actions' OIDC identity provider and the role deploy.yml assumes: push images to this
// repository and roll the service out, nothing else. No long-lived AWS keys anywhere.
import { Stack } from "aws-cdk-lib";
import type * as ecr from "aws-cdk-lib/aws-ecr";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";

export interface GithubDeployRoleProps {
  /** owner/name of the GitHub repository whose workflows may deploy. */
  readonly repository: string;
  /** The GitHub environment deploy.yml's job names (`environment:`); only it may assume the role. */
  readonly environment: string;
  /** The account's existing provider, if it has one (an account holds one per URL). */
  readonly existingProviderArn?: string;
  readonly imageRepository: ecr.IRepository;
  readonly deployStatements: iam.PolicyStatement[];
  /** The service stack, whose outputs deploy.yml reads. */
  readonly stackName: string;
}

export class GithubDeployRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    const provider = props.existingProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, "Provider", props.existingProviderArn)
      : new iam.OidcProviderNative(this, "Provider", {
          url: GITHUB_OIDC_URL,
          clientIds: ["sts.amazonaws.com"],
        });

    this.role = new iam.Role(this, "Role", {
      description: `GitHub Actions (${props.repository}, environment ${props.environment}) deploys the app`,
      assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": `repo:${props.repository}:environment:${props.environment}`,
        },
      }),
    });
    props.imageRepository.grantPullPush(this.role);
    for (const statement of props.deployStatements) this.role.addToPolicy(statement);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadTheStackOutputs",
        actions: ["cloudformation:DescribeStacks"],
        resources: [
          Stack.of(this).formatArn({
            service: "cloudformation",
            resource: "stack",
            resourceName: `${props.stackName}/*`,
          }),
        ],
      }),
    );
  }
}
