import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const RUN_STATUSES = ["running", "interrupted", "finished"] as const;

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const evalRuns = sqliteTable(
  "eval_runs",
  {
    id: text("id").primaryKey(),
    promptId: text("prompt_id").notNull(),
    promptVersion: text("prompt_version").notNull(),
    promptHash: text("prompt_hash").notNull(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    /** JSON: temperature, maxOutputTokens, judge model — everything that changes outputs or scores. */
    params: text("params").notNull(),
    datasetPath: text("dataset_path").notNull(),
    datasetHash: text("dataset_hash").notNull(),
    caseCount: integer("case_count").notNull(),
    gitCommit: text("git_commit"),
    status: text("status", { enum: RUN_STATUSES }).notNull(),
    startedAt: timestamp("started_at").notNull(),
    finishedAt: timestamp("finished_at"),
    /** JSON aggregates, set when the run finishes (see RunAggregates). */
    aggregates: text("aggregates"),
    totalCostUsd: real("total_cost_usd"),
    latencyP50Ms: real("latency_p50_ms"),
    latencyP95Ms: real("latency_p95_ms"),
  },
  (table) => [index("eval_runs_prompt").on(table.promptHash, table.datasetHash)],
);

export const evalResults = sqliteTable(
  "eval_results",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => evalRuns.id, { onDelete: "cascade" }),
    caseId: text("case_id").notNull(),
    /** The case as run (consultation, reference, section): a finished run stands on its own. */
    notes: text("notes").notNull(),
    reference: text("reference").notNull(),
    section: text("section"),
    output: text("output").notNull(),
    outputHash: text("output_hash").notNull(),
    /** JSON RougeScores; null when the case failed. */
    scores: text("scores"),
    grounding: real("grounding"),
    /** JSON array of output sentences without strong support in the consultation. */
    ungrounded: text("ungrounded"),
    /** Share (0–1) of output sentences in which the fact check finds nothing the notes do not support. */
    factSupport: real("fact_support"),
    /** JSON array of the fact check's issues: { line, kind, claim, reason }. */
    factIssues: text("fact_issues"),
    /** Share (0–1) of output sentences in conversational register (lower is better). */
    conversational: real("conversational"),
    /** JSON array of those sentences with their cues: { line, cues: [{ cue, word }] }. */
    conversationalLines: text("conversational_lines"),
    judgeClarity: real("judge_clarity"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    tokensEstimated: integer("tokens_estimated", { mode: "boolean" }),
    costUsd: real("cost_usd"),
    latencyMs: real("latency_ms"),
    ttftMs: real("ttft_ms"),
    cached: integer("cached", { mode: "boolean" }).notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
  },
  (table) => [uniqueIndex("eval_results_run_case").on(table.runId, table.caseId)],
);

/** Outputs already paid for, keyed by everything that determines them. */
export const evalCache = sqliteTable("eval_cache", {
  key: text("key").primaryKey(),
  output: text("output").notNull(),
  inputTokens: integer("input_tokens"),
  outputTokens: integer("output_tokens"),
  tokensEstimated: integer("tokens_estimated", { mode: "boolean" }),
  costUsd: real("cost_usd"),
  latencyMs: real("latency_ms"),
  ttftMs: real("ttft_ms"),
  createdAt: timestamp("created_at").notNull(),
});

export const ratings = sqliteTable(
  "ratings",
  {
    id: text("id").primaryKey(),
    promptId: text("prompt_id").notNull(),
    promptVersion: text("prompt_version").notNull(),
    promptHash: text("prompt_hash").notNull(),
    caseId: text("case_id").notNull(),
    outputHash: text("output_hash").notNull(),
    rater: text("rater").notNull(),
    clarity: integer("clarity").notNull(),
    comment: text("comment"),
    source: text("source", { enum: ["terminal", "web", "import"] }).notNull(),
    ratedAt: timestamp("rated_at").notNull(),
  },
  (table) => [
    uniqueIndex("ratings_one_per_rater").on(table.promptHash, table.caseId, table.outputHash, table.rater),
    index("ratings_prompt").on(table.promptHash),
  ],
);

export type EvalRun = typeof evalRuns.$inferSelect;
export type EvalResult = typeof evalResults.$inferSelect;
export type Rating = typeof ratings.$inferSelect;
