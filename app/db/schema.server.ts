import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const SUMMARY_STATUSES = ["pending", "streaming", "complete", "failed", "cancelled"] as const;
export type SummaryStatus = (typeof SUMMARY_STATUSES)[number];

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date());

export const consultations = sqliteTable(
  "consultations",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    title: text("title"),
    notes: text("notes").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("consultations_owner_created").on(table.ownerId, table.createdAt)],
);

export const summaries = sqliteTable(
  "summaries",
  {
    id: text("id").primaryKey(),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    status: text("status", { enum: SUMMARY_STATUSES }).notNull(),
    text: text("text").notNull().default(""),
    promptId: text("prompt_id").notNull(),
    promptVersion: text("prompt_version").notNull(),
    promptHash: text("prompt_hash").notNull(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    tokensEstimated: integer("tokens_estimated", { mode: "boolean" }),
    costUsd: real("cost_usd"),
    ttftMs: integer("ttft_ms"),
    latencyMs: integer("latency_ms"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    createdAt: createdAt(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("summaries_consultation_created").on(table.consultationId, table.createdAt)],
);

export type Consultation = typeof consultations.$inferSelect;
export type Summary = typeof summaries.$inferSelect;
