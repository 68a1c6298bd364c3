// Versioned prompt files: parse, render and hash one file; the catalogue of a prompts/ folder
// (versions, the deployed pointer, the release lock).
export {
  PromptFileError,
  hashPromptContent,
  parsePromptFile,
  renderPromptMessages,
  type PromptFile,
} from "./prompt-file";
export {
  SUMMARY_PROMPT_ID,
  deployedVersion,
  findLockViolations,
  listPromptIds,
  listPromptVersions,
  loadPrompt,
  loadPromptCatalog,
  loadPromptCatalogs,
  lockKey,
  promptsDir,
  readPromptLock,
  requireDeployed,
  releaseNewVersions,
  releaseVersions,
  setDeployedVersion,
  type DeployedPromptCatalog,
  type PromptCatalog,
  type PromptLock,
} from "./prompt-catalogue";
