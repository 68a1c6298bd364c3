import type { Command } from "commander";

import { releaseVersions, setDeployedVersion } from "@consult-summary/core/prompts";
import { loadCatalog, repoPath, resolveFromCwd, type GlobalOptions } from "../cli-support";
import { DEFAULT_RATINGS_DIR } from "./ratings";
import { OUTCOME_EXIT, renderGateTable, runGate, type GateOptions } from "./gate";

export function registerPromoteCommand(program: Command): void {
  program
    .command("promote")
    .description("Release a prompt version and point prompts/deployed.json at it, only if it passes the gate")
    .requiredOption("--prompt <version>", "prompt version to deploy")
    .option("--config <file>", "gate settings", repoPath("eval", "gate.config.json"))
    .option("--ratings-dir <dir>", "committed human ratings", repoPath(DEFAULT_RATINGS_DIR))
    .action(async (options: GateOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const report = await runGate(options, global);
      process.stdout.write(renderGateTable(report));
      if (report.outcome !== "pass") {
        process.stdout.write(`Not promoted: ${options.prompt} did not pass the gate.\n`);
        process.exitCode = OUTCOME_EXIT[report.outcome];
        return;
      }
      const catalog = loadCatalog(global);
      const promptsDir = global.promptsDir ? resolveFromCwd(global.promptsDir) : undefined;
      const released = releaseVersions(catalog.promptId, [options.prompt], promptsDir);
      setDeployedVersion(catalog.promptId, options.prompt, promptsDir);
      const was = catalog.deployed ? `was ${catalog.deployed.version}` : "its first deployed version";
      process.stdout.write(
        `${released.length > 0 ? `Released ${released.join(", ")}. ` : ""}Deployed ${catalog.promptId} ${options.prompt} (${was}). Commit prompts/.\n`,
      );
    });
}
