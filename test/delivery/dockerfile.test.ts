// The production image's invariants, checked statically (there is no Docker engine in CI's test
// job): the Dockerfile parsed with dockerfile-ast, the .dockerignore patterns, and the browser
// bundle. Each Dockerfile invariant is also shown to fail on a deliberately broken copy.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { type Copy } from "dockerfile-ast";
import { describe, expect, it } from "vitest";

import { checkDockerfile, findBakedSecrets, isIgnored, listFiles, parseStages } from "../support/dockerfile";

const root = path.resolve(import.meta.dirname, "../..");
const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");
const dockerignore = readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n");
const nodeMajor = readFileSync(path.join(root, ".nvmrc"), "utf8").trim().replace(/^v/, "").split(".")[0]!;
const check = (text: string) => checkDockerfile(text, { nodeMajor });

/** The Dockerfile with `find` replaced, in the runtime stage only when `runtimeOnly`. */
function mutate(find: string | RegExp, replace: string, { runtimeOnly = false } = {}): string {
  const marker = dockerfile.indexOf(" AS runtime");
  const [head, tail] = runtimeOnly
    ? [dockerfile.slice(0, marker), dockerfile.slice(marker)]
    : ["", dockerfile];
  const changed = tail.replace(find, replace);
  // Guards the guard: a mutation that no longer applies would make its test pass vacuously.
  expect(changed, `mutation ${String(find)} no longer applies to the Dockerfile`).not.toBe(tail);
  return head + changed;
}

describe("Dockerfile", () => {
  it("satisfies every invariant", () => {
    expect(check(dockerfile)).toEqual([]);
  });

  it("has a deps, a build and a runtime stage, all from node:<.nvmrc major>", () => {
    const stages = parseStages(dockerfile);
    expect(stages.map((stage) => stage.name)).toEqual(["deps", "build", "runtime"]);
    for (const stage of stages) {
      expect(stage.from.getImageName()).toBe("node");
      expect(stage.from.getImageTag()).toBe(`${nodeMajor}-slim`);
    }
  });

  const broken: [string, () => string, RegExp][] = [
    [
      "a FROM without --platform=linux/amd64",
      () => mutate("FROM --platform=linux/amd64 node:24-slim AS build", "FROM node:24-slim AS build"),
      /line \d+ must have --platform=linux\/amd64 \(has none\)/,
    ],
    [
      "a FROM for arm64",
      () => mutate(/--platform=linux\/amd64/, "--platform=linux/arm64", { runtimeOnly: false }),
      /must have --platform=linux\/amd64 \(has linux\/arm64\)/,
    ],
    [
      "a runtime Node major other than .nvmrc's",
      () => mutate(/node:\d+-slim AS runtime/, "node:22-slim AS runtime"),
      /uses node:22-slim, whose major is not \.nvmrc's/,
    ],
    ["no USER", () => mutate(/^USER .*\n/m, ""), /must set a non-root USER/],
    ["USER root", () => mutate(/^USER .*$/m, "USER root"), /USER must not be root/],
    ["USER 0:0", () => mutate(/^USER .*$/m, "USER 0:0"), /USER must not be root/],
    ["USER after CMD", () => mutate(/^USER node\n/m, "").concat("USER node\n"), /USER must come before CMD/],
    ["no HEALTHCHECK", () => mutate(/^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, ""), /no HEALTHCHECK/],
    ["a HEALTHCHECK on another path", () => mutate("/health'", "/status'"), /must request \/health/],
    [
      "a HEALTHCHECK with curl",
      () => mutate(/CMD \["node", "-e", [^\n]*\]/, "CMD curl -f http://127.0.0.1:8080/health || exit 1"),
      /must use node/,
    ],
    ["COPY .env", () => mutate("COPY server ./server", "COPY .env ./\nCOPY server ./server"), /copies \.env/],
    [
      "ADD .env.production",
      () => mutate("COPY server ./server", "ADD .env.production ./\nCOPY server ./server"),
      /copies \.env\.production/,
    ],
    [
      "an ARG holding a key",
      () => mutate("WORKDIR /app", "ARG OPENAI_API_KEY=MOCK_sk-not-real\nWORKDIR /app"),
      /ARG OPENAI_API_KEY .* looks like a secret/,
    ],
    [
      "a global ARG for a token",
      () => `ARG NPM_TOKEN\n${dockerfile}`,
      /ARG NPM_TOKEN .* looks like a secret/,
    ],
    [
      "an ENV holding a secret",
      () => mutate("PORT=8080 \\", "PORT=8080 \\\n  CLERK_SECRET_KEY=MOCK_sk_live_x \\"),
      /ENV CLERK_SECRET_KEY .* gives a secret a value/,
    ],
    [
      "a deps stage that installs dev dependencies",
      () => mutate("--omit=dev --workspaces", "--workspaces"),
      /copies node_modules from a stage that does not install with --omit=dev --workspaces=false/,
    ],
    [
      "a deps stage that installs the eval workspace",
      () => mutate("--omit=dev --workspaces=false", "--omit=dev"),
      /copies node_modules from a stage that does not install with --omit=dev --workspaces=false/,
    ],
    [
      "node_modules from the build stage",
      () => mutate("--from=deps /app/node_modules", "--from=build /app/node_modules"),
      /copies node_modules from a stage that does not install/,
    ],
    [
      "an npm install with dev dependencies in the runtime stage",
      () => mutate("USER node", "RUN npm install --ignore-scripts\nUSER node", { runtimeOnly: true }),
      /installs dev dependencies into the runtime stage/,
    ],
    [
      "the eval workspace copied whole",
      () => mutate("COPY eval/drizzle ./eval/drizzle", "COPY eval ./eval"),
      /copies eval: eval tooling must not be in the runtime stage/,
    ],
    [
      "the eval CLI bundle copied",
      () => mutate("COPY eval/drizzle ./eval/drizzle", "COPY --from=build /app/eval/dist ./eval/dist"),
      /copies \/app\/eval\/dist: eval tooling/,
    ],
    [
      "promptfoo copied",
      () =>
        mutate(
          "COPY eval/drizzle ./eval/drizzle",
          "COPY --from=build /app/node_modules/promptfoo ./node_modules/promptfoo",
        ),
      /copies promptfoo/,
    ],
    [
      "the infra workspace copied",
      () => mutate("COPY server ./server", "COPY infra ./infra\nCOPY server ./server", { runtimeOnly: true }),
      /copies infra: the deployment's CDK code/,
    ],
    [
      "aws-cdk-lib copied from the build stage",
      () =>
        mutate(
          "COPY server ./server",
          "COPY --from=build /app/node_modules/aws-cdk-lib ./node_modules/aws-cdk-lib\nCOPY server ./server",
          { runtimeOnly: true },
        ),
      /copies \/app\/node_modules\/aws-cdk-lib: the deployment's CDK code/,
    ],
    [
      "the whole build context copied into the runtime stage",
      () => mutate("COPY server ./server", "COPY . .", { runtimeOnly: true }),
      /copies a whole directory tree/,
    ],
    ["no VOLUME for DATA_DIR", () => mutate(/^VOLUME .*\n/m, ""), /DATA_DIR \(\/data\) must be a VOLUME/],
    ["a VOLUME elsewhere", () => mutate(/^VOLUME .*$/m, "VOLUME /var/data"), /must be a VOLUME/],
    [
      "a data volume left owned by root",
      () => mutate(" && chown node:node /data", ""),
      /\/data must be chowned to node before VOLUME/,
    ],
    [
      "a CMD other than node server/main.ts",
      () => mutate(/^CMD \[.*\]$/m, 'CMD ["npm", "start"]'),
      /CMD must be \["node","--max-semi-space-size=32","server\/main\.ts"\]/,
    ],
    [
      "a CMD without the server's Node flags",
      () => mutate(/^CMD \[.*\]$/m, 'CMD ["node", "server/main.ts"]'),
      /CMD must be/,
    ],
    [
      "a CMD in shell form",
      () => mutate(/^CMD \[.*\]$/m, "CMD node --max-semi-space-size=32 server/main.ts"),
      /CMD must be/,
    ],
    [
      "HOST left on loopback",
      () => mutate(/^ {2}HOST=0\.0\.0\.0/m, "  HOST=127.0.0.1"),
      /ENV HOST=0\.0\.0\.0/,
    ],
    ["NODE_ENV unset", () => mutate("NODE_ENV=production \\\n  ", ""), /ENV NODE_ENV=production/],
    ["EXPOSE not matching PORT", () => mutate("EXPOSE 8080", "EXPOSE 3000"), /EXPOSE must include PORT 8080/],
  ];

  it.each(broken)("is rejected with %s", (_name, make, problem) => {
    const problems = check(make());
    expect(problems, `expected a problem matching ${problem}, got:\n${problems.join("\n")}`).toEqual(
      expect.arrayContaining([expect.stringMatching(problem)]),
    );
  });
});

describe(".dockerignore", () => {
  it.each([
    ".env",
    ".env.local",
    ".env.production",
    "app/.env",
    "deploy/key.pem",
    ".git/HEAD",
    "node_modules/express/index.js",
    "eval/node_modules/esbuild/lib/main.js",
    "eval/dist/cli.mjs",
    "eval/.data/eval.sqlite",
    "eval/.promptfoo/cache.json",
    "eval/test/scoring/rouge.test.ts",
    "eval/ratings/clinic.jsonl",
    "build/index.js",
    "public/build/manifest-123.js",
    "data/consult-summary.sqlite",
    "test/e2e/screenshots/list.png",
    "test/server/web-flow.test.ts",
    "server/remix-handler.test.ts",
    "packages/core/src/text/tokenize.test.ts",
    "bench/stream.ts",
    "docs/deploy.md",
    "infra/package.json",
    "infra/bin/consult-summary.ts",
    "infra/cdk.out/ecs-express/manifest.json",
  ])("leaves %s out of the build context", (file) => {
    expect(isIgnored(dockerignore, file)).toBe(true);
  });

  it.each([
    "package.json",
    "package-lock.json",
    "remix.config.js",
    "tsconfig.json",
    "app/root.tsx",
    "eval/package.json",
    "packages/core/package.json",
    "packages/core/src/summarizers/index.ts",
    "eval/src/cli.ts",
    "eval/scripts/build.ts",
    "eval/gate.config.json",
    "prompts/consultation-summary/v1.md",
    "server/main.ts",
  ])("keeps %s, which the build needs", (file) => {
    expect(isIgnored(dockerignore, file)).toBe(false);
  });

  it("keeps every file the Dockerfile copies from the build context", () => {
    const sources = parseStages(dockerfile)
      .flatMap((stage) => stage.instructions)
      .filter((instruction) => instruction.getKeyword() === "COPY")
      .filter((instruction) => !(instruction as Copy).getFromFlag())
      .flatMap((instruction) =>
        instruction
          .getArguments()
          .map((argument) => argument.getValue())
          .slice(0, -1),
      )
      .filter((source) => source !== ".");
    expect(sources).toContain("prompts");
    const missing = sources.filter((source) => !existsSync(path.join(root, source)));
    expect(missing, "COPY sources that do not exist").toEqual([]);
    const files = sources.flatMap((source) =>
      statSync(path.join(root, source)).isDirectory() ? listFiles(path.join(root, source), source) : [source],
    );
    // Tests beside their modules (server/*.test.ts) are left out of the image on purpose.
    const needed = files.filter((file) => !/\.test\.tsx?$/.test(file));
    expect(needed.filter((file) => isIgnored(dockerignore, file))).toEqual([]);
  });

  it("would let .env in without its entries (the matcher is not vacuous)", () => {
    const withoutEnv = dockerignore.filter((line) => !line.includes(".env"));
    expect(isIgnored(withoutEnv, ".env")).toBe(false);
    expect(isIgnored(["eval/*", "!eval/src"], "eval/src/cli.ts")).toBe(false);
    expect(isIgnored(["eval/*", "!eval/src"], "eval/dist/cli.mjs")).toBe(true);
  });
});

describe("the CDK packages (infra/)", () => {
  const CDK_PACKAGES = ["aws-cdk-lib", "aws-cdk", "cdk-nag", "constructs"];
  const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));

  it("are dev dependencies of the infra workspace only", () => {
    const rootPackage = readJson("package.json");
    const infraPackage = readJson("infra/package.json");
    expect(rootPackage.workspaces).toContain("infra");
    for (const name of CDK_PACKAGES) {
      expect(rootPackage.dependencies?.[name], `root dependency ${name}`).toBeUndefined();
      expect(rootPackage.devDependencies?.[name], `root devDependency ${name}`).toBeUndefined();
      expect(infraPackage.devDependencies?.[name], `infra devDependency ${name}`).toBeDefined();
    }
    expect(infraPackage.dependencies ?? {}).toEqual({});
  });

  it("are marked dev in the lock file, so the deps stage's --omit=dev install never fetches them", () => {
    const lockPackages: Record<string, { dev?: boolean }> = readJson("package-lock.json").packages;
    const entries = Object.entries(lockPackages).filter(([location]) =>
      CDK_PACKAGES.some((name) => location.endsWith(`node_modules/${name}`)),
    );
    expect(entries.map(([location]) => location.replace(/^.*node_modules\//, "")).sort()).toEqual(
      expect.arrayContaining([...CDK_PACKAGES].sort()),
    );
    expect(entries.filter(([, entry]) => entry.dev !== true).map(([location]) => location)).toEqual([]);
  });

  it("stay out of the build context, so no stage can copy them", () => {
    expect(isIgnored(dockerignore, "infra/src/foundation-stack.ts")).toBe(true);
    expect(dockerfile).not.toMatch(/\binfra\//);
  });
});

describe("the browser bundle (public/build)", () => {
  const publicBuild = path.join(root, "public", "build");

  it.skipIf(!existsSync(publicBuild))("holds no key: keys are read at run time, never baked in", () => {
    expect(findBakedSecrets(publicBuild, process.env)).toEqual([]);
  });

  it.runIf(!existsSync(publicBuild))("is skipped: public/build does not exist (run `npm run build`)", () => {
    console.warn("public/build does not exist: run `npm run build` to scan the browser bundle for keys");
  });

  it("the scan finds key-shaped values and this environment's secrets", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "baked-"));
    writeFileSync(path.join(dir, "a.js"), 'const k="pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";');
    writeFileSync(path.join(dir, "b.js"), 'const s="MOCK-session-secret-value-123";');
    writeFileSync(path.join(dir, "c.js"), "add a CLERK_SECRET_KEY variable to your config");
    const findings = findBakedSecrets(dir, { SESSION_SECRET: "MOCK-session-secret-value-123" });
    expect(findings).toEqual([
      expect.stringMatching(/^a\.js: key-shaped value pk_live_/),
      "b.js: the value of SESSION_SECRET",
    ]);
  });
});
