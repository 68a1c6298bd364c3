// Synthesizes a deployment in-process, exactly as `cdk synth` would (cdk.json's context, plus
// overrides), and finds things in its templates.
import { readFileSync } from "node:fs";
import path from "node:path";

import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";

import { buildDeployment, type Deployment } from "../../src/app";
import { type Target } from "../../src/config";

const cdkJson = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../cdk.json"), "utf8"));

export interface Synthesized extends Deployment {
  readonly app: App;
  readonly foundationTemplate: Template;
  readonly serviceTemplate: Template;
}

export function synthesize(
  target: Target,
  context: Record<string, unknown> = {},
  /** Changes the foundation stack before synthesis (to show a check failing). */
  tamper?: (foundation: Deployment["foundation"]) => void,
): Synthesized {
  const app = new App({ context: { ...cdkJson.context, target, ...context } });
  const deployment = buildDeployment(app);
  tamper?.(deployment.foundation);
  return {
    ...deployment,
    app,
    foundationTemplate: Template.fromStack(deployment.foundation),
    serviceTemplate: Template.fromStack(deployment.service),
  };
}

const cache = new Map<Target, Synthesized>();
/** cdk.json's deployment for `target`, synthesized once per test file. */
export function synthesizeDefault(target: Target): Synthesized {
  if (!cache.has(target)) cache.set(target, synthesize(target));
  return cache.get(target)!;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The single resource of `type` (fails if there are none or several). */
export function onlyResource(
  template: Template,
  type: string,
): { id: string; properties: Record<string, unknown> } {
  const entries = Object.entries(resourcesOfType(template, type));
  if (entries.length !== 1) throw new Error(`expected one ${type}, found ${entries.length}`);
  const [id, resource] = entries[0]!;
  return { id, properties: resource.Properties ?? {} };
}

/**
 * The foundation resource an `Fn::ImportValue` in the service stack points at: the foundation's
 * output with that export name, whose value is a `Ref` to one of its resources.
 */
export function importedResourceId(foundation: Template, value: unknown): string {
  const exportName = (value as { "Fn::ImportValue"?: string })["Fn::ImportValue"];
  if (!exportName) throw new Error(`not an import: ${JSON.stringify(value)}`);
  const outputs = foundation.toJSON().Outputs as Record<
    string,
    { Value: unknown; Export?: { Name: string } }
  >;
  const output = Object.values(outputs).find((candidate) => candidate.Export?.Name === exportName);
  const ref = (output?.Value as { Ref?: string } | undefined)?.Ref;
  if (!ref) throw new Error(`no foundation output exports ${exportName} as a Ref`);
  return ref;
}

export type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
};

/** Every statement of the policies attached to the role with logical id `roleId`. */
export function roleStatements(template: Template, roleId: string): Statement[] {
  return Object.values(resourcesOfType(template, "AWS::IAM::Policy"))
    .filter((policy) => (policy.Properties!.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
}

export const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
export const resourcesOf = (statement: Statement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
