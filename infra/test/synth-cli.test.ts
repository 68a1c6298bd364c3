// `npm run infra:synth`, the path a team and CI take: the CDK CLI writes both targets' templates
// into infra/cdk.out/ with no AWS credentials and, where the kernel allows an empty network
// namespace (`unshare -rn`), with no network at all.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { TARGETS } from "../src/config";

const root = path.resolve(import.meta.dirname, "../..");
const cdkOut = path.join(root, "infra", "cdk.out");
const canDropNetwork = spawnSync("unshare", ["-rn", "true"]).status === 0;

/** This process's environment without anything that could reach AWS. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^AWS_|^CDK_/.test(name)) delete env[name];
  return Object.assign(env, {
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    // Without a network namespace, any request fails fast at a closed local port instead.
    HTTPS_PROXY: "http://127.0.0.1:9",
    HTTP_PROXY: "http://127.0.0.1:9",
    npm_config_offline: "true",
  });
}

describe("npm run infra:synth", () => {
  it(
    `writes both targets' templates offline${canDropNetwork ? " (no network namespace)" : ""}`,
    { timeout: 300_000 },
    () => {
      for (const target of TARGETS) rmSync(path.join(cdkOut, target), { recursive: true, force: true });
      const command = canDropNetwork
        ? (["unshare", ["-rn", "npm", "run", "infra:synth"]] as const)
        : (["npm", ["run", "infra:synth"]] as const);
      const result = spawnSync(command[0], [...command[1]], {
        cwd: root,
        env: offlineEnv(),
        encoding: "utf8",
      });
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);

      for (const target of TARGETS) {
        const dir = path.join(cdkOut, target);
        const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
        expect(manifest.missing ?? [], "context the app would have to look up in an account").toEqual([]);
        for (const stack of ["Foundation", "Service"]) {
          expect(
            existsSync(path.join(dir, `ConsultSummary-prod-${stack}.template.json`)),
            `${target} ${stack}`,
          ).toBe(true);
        }
        const service = readFileSync(path.join(dir, "ConsultSummary-prod-Service.template.json"), "utf8");
        expect(service).toContain(
          target === "ecs-express" ? '"AWS::ECS::ExpressGatewayService"' : '"AWS::AppRunner::Service"',
        );
      }
    },
  );
});
