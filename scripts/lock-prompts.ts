// Releases new prompt versions: records the content hash of every prompt file, of every prompt id,
// not yet in prompts/prompts.lock.json. Released entries are never rewritten; a changed release fails.
import { listPromptIds, releaseNewVersions } from "@consult-summary/core/prompts";

try {
  const added = listPromptIds().flatMap((promptId) => releaseNewVersions(promptId));
  console.log(added.length > 0 ? `Released: ${added.join(", ")}` : "Nothing new to release.");
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
