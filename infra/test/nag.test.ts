// cdk-nag's AWS Solutions and HIPAA Security packs over both targets: no unsuppressed error, and
// every suppression has a written reason.
import type { Stack } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import * as sns from "aws-cdk-lib/aws-sns";
import { describe, expect, it } from "vitest";

import { type Target } from "../src/config";
import { synthesize, type Synthesized } from "./support/deployment";

const NAG_RULE = Match.stringLikeRegexp("^(AwsSolutions|HIPAA\\.Security)-");

function nagErrors(stack: Stack): string[] {
  return Annotations.fromStack(stack)
    .findError("*", NAG_RULE)
    .map((finding) => `${String(finding.entry.data).split(":")[0]} at ${finding.id}`);
}

/** Every suppression cdk-nag recorded in the templates' metadata. */
function suppressions(deployment: Synthesized): { id: string; reason: string }[] {
  return [deployment.foundationTemplate, deployment.serviceTemplate].flatMap((template) =>
    Object.values(
      template.toJSON().Resources as Record<
        string,
        { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }
      >,
    ).flatMap((resource) => resource.Metadata?.cdk_nag?.rules_to_suppress ?? []),
  );
}

describe.each<[Target, Record<string, unknown>]>([
  ["ecs-express", {}],
  ["app-runner", {}],
  ["ecs-express", { multiAz: "false" }],
])("cdk-nag on %s %o", (target, context) => {
  const deployment = synthesize(target, context);

  it("finds no unsuppressed error in either stack", () => {
    expect(nagErrors(deployment.foundation)).toEqual([]);
    expect(nagErrors(deployment.service)).toEqual([]);
  });

  it("has a written reason for every suppression", () => {
    const all = suppressions(deployment);
    expect(all.length).toBeGreaterThan(0);
    for (const { id, reason } of all) expect(reason.length, id).toBeGreaterThan(40);
  });
});

describe("the cdk-nag check itself", () => {
  it("reports a violation added to a stack (it is not vacuous)", () => {
    const deployment = synthesize("ecs-express", { envName: "canary" }, (foundation) => {
      new sns.Topic(foundation, "UnencryptedTopic");
    });
    expect(nagErrors(deployment.foundation)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AwsSolutions-SNS2|^AwsSolutions-SNS3|^HIPAA\.Security-SNSEncryptedKMS/),
      ]),
    );
  });
});
