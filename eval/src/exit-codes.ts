// Exit codes CI can tell apart: "quality regressed" is not "the tool broke".
export const EXIT = {
  ok: 0,
  /** Bad input, usage error or crash. */
  error: 1,
  /** The gate ran and the prompt version did not meet it. */
  gateFailed: 100,
  /** The gate could not decide: too few human ratings, unknown version, no data. */
  cannotEvaluate: 101,
  /** The run was interrupted (Ctrl-C); run the same command again to resume. */
  interrupted: 130,
} as const;
