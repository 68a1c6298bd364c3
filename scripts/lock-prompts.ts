// Releases new prompt versions: records the content hash of every prompt file not yet in
// prompts/prompts.lock.json. Released entries are never rewritten; a changed release fails.
import { releaseNewVersions, SUMMARY_PROMPT_ID } from "@consult-summary/core/prompts";

try {
  const added = releaseNewVersions(SUMMARY_PROMPT_ID);
  console.log(added.length > 0 ? `Released: ${added.join(", ")}` : "Nothing new to release.");
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
