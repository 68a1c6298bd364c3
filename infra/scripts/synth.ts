// `npm run infra:synth`: synthesizes both targets' stacks into cdk.out/<target>/ with the CDK CLI,
// offline. Nothing is looked up in an account (src/app.ts), and the CLI is told not to reach out
// for notices, version checks or telemetry, nor to look for credentials on an instance.
import { spawnSync } from "node:child_process";
import path from "node:path";

const TARGETS = ["ecs-express", "app-runner"] as const;
const infraDir = path.resolve(import.meta.dirname, "..");
const offlineEnv = {
  ...process.env,
  AWS_EC2_METADATA_DISABLED: "true",
  CDK_DISABLE_VERSION_CHECK: "true",
  CDK_DISABLE_CLI_TELEMETRY: "true",
};
const extraArgs = process.argv.slice(2);

for (const target of TARGETS) {
  const outdir = path.join("cdk.out", target);
  const result = spawnSync(
    "npx",
    [
      "--no-install",
      "cdk",
      "synth",
      "--quiet",
      "--no-notices",
      "-c",
      `target=${target}`,
      "--output",
      outdir,
      ...extraArgs,
    ],
    { cwd: infraDir, env: offlineEnv, stdio: "inherit" },
  );
  if (result.status !== 0) {
    console.error(`cdk synth failed for target ${target} (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`${target}: templates in infra/${outdir}/`);
}
