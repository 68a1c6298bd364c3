import { mkdirSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";

import { loadCatalog, openStore, repoPath, resolveFromCwd, type GlobalOptions } from "../cli-support";
import {
  exportRatingsFile,
  importRatingFiles,
  ratingFilesIn,
  ratingsFileFor,
} from "../ratings/ratings-files";
import { listRatings } from "../store/ratings";

export const DEFAULT_RATINGS_DIR = "eval/ratings";

export function registerRatingsCommand(program: Command): void {
  const ratings = program
    .command("ratings")
    .description("Move human ratings between the store and committed JSONL files");

  ratings
    .command("export")
    .description(
      `Write ratings to ${DEFAULT_RATINGS_DIR}/<prompt>-<version>.jsonl (merging what the file already has)`,
    )
    .option("--prompt <version>", "only this prompt version (default: every version with ratings)")
    .option("--dir <dir>", "folder of ratings files", repoPath(DEFAULT_RATINGS_DIR))
    .action((options: { prompt?: string; dir: string }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const db = openStore(global);
      try {
        const promptId = loadCatalog(global).promptId;
        const dir = resolveFromCwd(options.dir);
        mkdirSync(dir, { recursive: true });
        const versions = options.prompt
          ? [options.prompt]
          : [...new Set(listRatings(db, { promptId }).map((rating) => rating.promptVersion))];
        for (const version of versions) {
          const file = ratingsFileFor(dir, promptId, version);
          const count = exportRatingsFile(db, file, { promptId, promptVersion: version });
          process.stdout.write(`${path.relative(repoPath(), file)}: ${count} ratings\n`);
        }
        if (versions.length === 0) process.stdout.write("No ratings to export.\n");
      } finally {
        db.$client.close();
      }
    });

  ratings
    .command("import")
    .description(
      `Load ratings files into the store (default: every ${DEFAULT_RATINGS_DIR}/*.jsonl); idempotent`,
    )
    .argument("[files...]", "JSONL ratings files")
    .action((files: string[], _options: unknown, command: Command) => {
      const db = openStore(command.optsWithGlobals<GlobalOptions>());
      try {
        const paths =
          files.length > 0 ? files.map(resolveFromCwd) : ratingFilesIn(repoPath(DEFAULT_RATINGS_DIR));
        const { added, alreadyPresent } = importRatingFiles(db, paths);
        process.stdout.write(
          `Imported ${added} ratings (${alreadyPresent} already present) from ${paths.length} file(s).\n`,
        );
      } finally {
        db.$client.close();
      }
    });
}
