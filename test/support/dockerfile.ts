// Static checks of the production Dockerfile and .dockerignore (test/delivery/dockerfile.test.ts).
// Every check returns human-readable violations instead of throwing, so a test can feed it a
// deliberately broken copy of the Dockerfile and assert that the right violation is reported.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { DockerfileParser, type Copy, type From, type Instruction, type Property } from "dockerfile-ast";

import { SERVER_NODE_FLAGS } from "../../server/node-flags";

/** How the image starts the server: node with the server's flags (server/node-flags.ts). */
const SERVER_COMMAND = ["node", ...SERVER_NODE_FLAGS, "server/main.ts"];

export interface Stage {
  name: string | null;
  index: number;
  from: From;
  instructions: Instruction[];
}

export interface DockerfileExpectations {
  /** The Node.js major version from .nvmrc. */
  nodeMajor: string;
  platform?: string;
}

const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL/i;
const SECRET_SOURCE =
  /(^|\/)\.env(\.|$)|secret|credential|\.pem$|\.key$|id_rsa|(^|\/)\.npmrc$|(^|\/)\.aws(\/|$)/i;
/** Eval data the reviewer workbench reads at run time; nothing else under eval/ may reach the image. */
const RUNTIME_EVAL_FILES = new Set(["eval/gate.config.json", "eval/drizzle"]);

export function parseStages(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      const from = instruction as From;
      stages.push({ name: from.getBuildStage(), index: stages.length, from, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const keyword = (instruction: Instruction) => instruction.getKeyword();
const content = (instruction: Instruction) => instruction.getArgumentsContent() ?? "";
const lineOf = (instruction: Instruction) => instruction.getRange().start.line + 1;

function flagValue(instruction: Instruction, name: string): string | null | undefined {
  const flags = (instruction as Copy).getFlags?.() ?? [];
  return flags.find((flag) => flag.getName() === name)?.getValue();
}

/** Sources and destination of a COPY/ADD, flags left out, in shell or exec (JSON) form. */
function copyPaths(instruction: Instruction): { sources: string[]; destination: string } {
  const json = (instruction as Copy).getJSONStrings?.() ?? [];
  const values =
    json.length > 0
      ? json.map((value) => value.getJSONValue())
      : instruction.getArguments().map((a) => a.getValue());
  return { sources: values.slice(0, -1), destination: values.at(-1) ?? "" };
}

function properties(instruction: Instruction): Property[] {
  return (instruction as unknown as { getProperties(): Property[] }).getProperties();
}

/** Follows `FROM <earlier stage>` back to the image it starts from. */
function baseImage(stages: Stage[], stage: Stage): { name: string | null; tag: string | null } {
  const image = stage.from.getImageName();
  const earlier = stages.find((other) => other.index < stage.index && other.name === image);
  return earlier ? baseImage(stages, earlier) : { name: image, tag: stage.from.getImageTag() };
}

function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const instruction of stage.instructions.filter((i) => keyword(i) === "ENV")) {
    for (const property of properties(instruction)) env.set(property.getName(), property.getValue() ?? "");
  }
  return env;
}

function checkPlatforms(stages: Stage[], platform: string, problems: string[]): void {
  for (const stage of stages) {
    const value = stage.from.getPlatformFlag()?.getValue();
    if (value !== platform) {
      problems.push(
        `FROM on line ${lineOf(stage.from)} must have --platform=${platform} (has ${value ?? "none"})`,
      );
    }
  }
}

function checkNodeVersion(stages: Stage[], nodeMajor: string, problems: string[]): void {
  for (const stage of stages) {
    const { name, tag } = baseImage(stages, stage);
    if (name !== "node" && !name?.endsWith("/node")) {
      if (stage === stages.at(-1)) problems.push(`the runtime image must be a node image (is ${name})`);
      continue;
    }
    const major = tag?.match(/^(\d+)(?:[.-]|$)/)?.[1];
    if (major !== nodeMajor) {
      problems.push(
        `FROM on line ${lineOf(stage.from)} uses node:${tag ?? "latest"}, whose major is not .nvmrc's ${nodeMajor}`,
      );
    }
  }
}

function checkUserAndCmd(final: Stage, problems: string[]): void {
  const users = final.instructions.filter((i) => keyword(i) === "USER");
  const cmd = final.instructions.filter((i) => keyword(i) === "CMD").at(-1);
  if (!cmd) {
    problems.push("the runtime stage has no CMD");
  } else {
    const exec = (cmd as Copy).getJSONStrings().map((value) => value.getJSONValue());
    if (JSON.stringify(exec) !== JSON.stringify(SERVER_COMMAND)) {
      problems.push(`CMD must be ${JSON.stringify(SERVER_COMMAND)} in exec form (is ${content(cmd)})`);
    }
  }
  if (final.instructions.some((i) => keyword(i) === "ENTRYPOINT")) {
    problems.push("the runtime stage must not set an ENTRYPOINT (CMD starts the server)");
  }
  const user = users.at(-1);
  if (!user) {
    problems.push("the runtime stage must set a non-root USER");
    return;
  }
  const name = content(user).split(":")[0]?.trim();
  if (!name || name === "root" || name === "0") {
    problems.push(`the runtime stage's USER must not be root (is ${content(user)})`);
  }
  if (cmd && lineOf(user) > lineOf(cmd)) problems.push("USER must come before CMD");
}

function checkHealthcheck(final: Stage, problems: string[]): void {
  const healthcheck = final.instructions.filter((i) => keyword(i) === "HEALTHCHECK").at(-1);
  if (!healthcheck) {
    problems.push("the runtime stage has no HEALTHCHECK");
    return;
  }
  const text = content(healthcheck);
  if (/^\s*NONE\b/i.test(text)) problems.push("HEALTHCHECK must not be NONE");
  if (!/\/health\b/.test(text)) problems.push("HEALTHCHECK must request /health");
  if (/\b(curl|wget)\b/.test(text))
    problems.push("HEALTHCHECK must use node (slim images have no curl or wget)");
  if (!/\bnode\b/.test(text)) problems.push("HEALTHCHECK must run node");
}

function checkCopiedSecrets(stages: Stage[], problems: string[]): void {
  for (const stage of stages) {
    for (const instruction of stage.instructions.filter((i) => ["COPY", "ADD"].includes(keyword(i)))) {
      for (const source of copyPaths(instruction).sources) {
        // A public https download (the RDS CA bundle) is not a file from the build context.
        if (SECRET_SOURCE.test(source) && !source.startsWith("https://")) {
          problems.push(
            `${keyword(instruction)} on line ${lineOf(instruction)} copies ${source}, which may hold secrets`,
          );
        }
      }
    }
  }
}

function checkSecretVariables(stages: Stage[], text: string, problems: string[]): void {
  const dockerfile = DockerfileParser.parse(text);
  const args = [
    ...dockerfile.getInitialARGs(),
    ...stages.flatMap((s) => s.instructions.filter((i) => keyword(i) === "ARG")),
  ];
  for (const instruction of args) {
    for (const property of properties(instruction)) {
      if (SECRET_NAME.test(property.getName())) {
        // Build arguments are recorded in the image's history, with or without a default.
        problems.push(`ARG ${property.getName()} on line ${lineOf(instruction)} looks like a secret`);
      }
    }
  }
  for (const stage of stages) {
    for (const instruction of stage.instructions.filter((i) => keyword(i) === "ENV")) {
      for (const property of properties(instruction)) {
        if (SECRET_NAME.test(property.getName()) && property.getValue()) {
          problems.push(`ENV ${property.getName()} on line ${lineOf(instruction)} gives a secret a value`);
        }
      }
    }
  }
}

function isProductionInstall(stage: Stage): boolean {
  return stage.instructions.some((instruction) => {
    const text = content(instruction);
    return (
      keyword(instruction) === "RUN" &&
      /\bnpm\s+(install|ci|i)\b/.test(text) &&
      /--omit[= ]dev\b/.test(text) &&
      /--workspaces[= ]false\b|--no-workspaces\b/.test(text)
    );
  });
}

/** The infra workspace's dev dependencies (infra/package.json), by their node_modules path. */
const CDK_PACKAGE = /(^|\/)node_modules\/(aws-cdk-lib|aws-cdk|cdk-nag|constructs|@aws-cdk)(\/|$)/;

function checkRuntimeContents(stages: Stage[], final: Stage, problems: string[]): void {
  for (const instruction of final.instructions) {
    const text = content(instruction);
    if (
      keyword(instruction) === "RUN" &&
      /\bnpm\s+(install|ci|i)\b/.test(text) &&
      !/--omit[= ]dev\b/.test(text)
    ) {
      problems.push(`RUN on line ${lineOf(instruction)} installs dev dependencies into the runtime stage`);
    }
    if (!["COPY", "ADD"].includes(keyword(instruction))) continue;
    const fromStage = flagValue(instruction, "from");
    const { sources } = copyPaths(instruction);
    for (const source of sources) {
      const relative = source
        .replace(/^\/app\//, "")
        .replace(/^\.\//, "")
        .replace(/\/$/, "");
      if (/promptfoo/i.test(source))
        problems.push(`line ${lineOf(instruction)} copies promptfoo into the runtime stage`);
      if (relative === "infra" || relative.startsWith("infra/") || CDK_PACKAGE.test(relative)) {
        problems.push(
          `line ${lineOf(instruction)} copies ${source}: the deployment's CDK code and packages must not be in the runtime stage`,
        );
      }
      if (relative === "." || relative === "" || relative === "/app" || relative === "*") {
        problems.push(
          `line ${lineOf(instruction)} copies a whole directory tree (${source}) into the runtime stage`,
        );
      }
      if ((relative === "eval" || relative.startsWith("eval/")) && !RUNTIME_EVAL_FILES.has(relative)) {
        problems.push(
          `line ${lineOf(instruction)} copies ${source}: eval tooling must not be in the runtime stage`,
        );
      }
      if (/(^|\/)node_modules$/.test(relative)) {
        const origin = stages.find((stage) => stage.name === fromStage || String(stage.index) === fromStage);
        if (
          !origin ||
          !isProductionInstall(origin) ||
          origin.instructions.some((i) => /\beval\//.test(content(i)))
        ) {
          problems.push(
            `line ${lineOf(instruction)} copies node_modules from a stage that does not install with --omit=dev --workspaces=false`,
          );
        }
      }
    }
  }
}

function checkRuntimeSettings(final: Stage, problems: string[]): void {
  const env = envOf(final);
  const expected = { NODE_ENV: "production", HOST: "0.0.0.0", PORT: "8080", DATA_DIR: "/data" };
  for (const [name, value] of Object.entries(expected)) {
    if (env.get(name) !== value)
      problems.push(`the runtime stage must set ENV ${name}=${value} (is ${env.get(name) ?? "unset"})`);
  }
  const dataDir = env.get("DATA_DIR") ?? "/data";
  const volume = final.instructions.find(
    (i) =>
      keyword(i) === "VOLUME" &&
      i.getArguments().some((a) => a.getValue().replace(/[[\]",]/g, "") === dataDir),
  );
  if (!volume) {
    problems.push(`DATA_DIR (${dataDir}) must be a VOLUME`);
  } else {
    const user = content(final.instructions.filter((i) => keyword(i) === "USER").at(-1) ?? volume).split(
      ":",
    )[0];
    const chown = final.instructions.find(
      (i) =>
        keyword(i) === "RUN" &&
        lineOf(i) < lineOf(volume) &&
        new RegExp(`chown\\s+(-\\S+\\s+)*${user}\\b[^&;]*\\s${dataDir}(\\s|$|&|;)`).test(content(i)),
    );
    // Changes to a volume's path after VOLUME are discarded, so the chown must come first.
    if (!chown) problems.push(`${dataDir} must be chowned to ${user} before VOLUME`);
  }
  const port = env.get("PORT");
  const exposed = final.instructions.filter((i) => keyword(i) === "EXPOSE").flatMap((i) => i.getArguments());
  if (!exposed.some((a) => a.getValue().split("/")[0] === port))
    problems.push(`EXPOSE must include PORT ${port}`);
}

/** Every broken invariant of the Dockerfile, or [] when it is sound. */
export function checkDockerfile(text: string, expectations: DockerfileExpectations): string[] {
  const problems: string[] = [];
  const stages = parseStages(text);
  const final = stages.at(-1);
  if (!final) return ["the Dockerfile has no FROM"];
  if (stages.length < 3) problems.push("the Dockerfile must be multi-stage (deps, build, runtime)");
  checkPlatforms(stages, expectations.platform ?? "linux/amd64", problems);
  checkNodeVersion(stages, expectations.nodeMajor, problems);
  checkUserAndCmd(final, problems);
  checkHealthcheck(final, problems);
  checkCopiedSecrets(stages, problems);
  checkSecretVariables(stages, text, problems);
  checkRuntimeContents(stages, final, problems);
  checkRuntimeSettings(final, problems);
  return problems;
}

/**
 * Whether .dockerignore leaves `file` (a path relative to the context) out of the build context:
 * the last pattern matching the file or one of its parent folders wins, `!` re-includes.
 */
export function isIgnored(patterns: string[], file: string): boolean {
  const rules = patterns
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      const pattern = path.posix
        .normalize((negated ? line.slice(1) : line).replace(/^\/+/, ""))
        .replace(/\/+$/, "");
      const source = pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) =>
          part === "**/"
            ? "(?:.*/)?"
            : part === "**"
              ? ".*"
              : part === "*"
                ? "[^/]*"
                : part === "?"
                  ? "[^/]"
                  : part.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
        )
        .join("");
      return { negated, regex: new RegExp(`^${source}$`) };
    });
  const segments = file.split("/");
  const candidates = segments.map((_, index) => segments.slice(0, index + 1).join("/"));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = !rule.negated;
  }
  return ignored;
}

/** Files under `dir`, relative to it, with `/` separators. */
export function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? listFiles(full, relative) : [relative];
  });
}

/** Values that must never appear in the browser bundle: key-shaped strings and this process's secrets. */
export function findBakedSecrets(dir: string, env: Record<string, string | undefined>): string[] {
  const shapes = [
    /(?<![A-Za-z0-9_])(?:sk|pk)_(?:test|live)_[A-Za-z0-9]{10,}/,
    /(?<![A-Za-z0-9_-])sk-(?:proj-)?[A-Za-z0-9_-]{20,}/,
    /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/,
  ];
  const values = Object.entries(env)
    .filter(([name, value]) => /SECRET|TOKEN|PASSWORD|_KEY$/.test(name) && value && value.length >= 16)
    .map(([name, value]) => ({ name, value: value as string }));
  const findings: string[] = [];
  for (const file of listFiles(dir)) {
    const text = readFileSync(path.join(dir, file), "utf8");
    for (const shape of shapes) {
      const match = text.match(shape);
      if (match) findings.push(`${file}: key-shaped value ${match[0].slice(0, 12)}…`);
    }
    for (const { name, value } of values) {
      if (text.includes(value)) findings.push(`${file}: the value of ${name}`);
    }
  }
  return findings;
}
