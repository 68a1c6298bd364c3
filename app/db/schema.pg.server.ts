// The PostgreSQL tables (DATABASE_URL). Same tables, columns and row types as
// schema.sqlite.server.ts; schema-parity.test.ts keeps the two in step.
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

import { AUDIT_ACTIONS, AUDIT_OUTCOMES, REVIEW_RATING_SOURCES, SUMMARY_STATUSES } from "./schema-shared";
import { monotonicNow } from "./monotonic-clock";

// Millisecond precision, like JavaScript dates and the SQLite columns.
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });
const createdAt = () => instant("created_at").notNull().$defaultFn(monotonicNow);

export const consultations = pgTable(
  "consultations",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    title: text("title"),
    notes: text("notes").notNull(),
    // The start of the notes the list shows, sealed like title, so the list never reads notes.
    // Null in rows written before it existed.
    preview: text("preview"),
    // Logical ids of the patient and encounter on the EHR's FHIR server, when the clinician gave
    // them: sealed like title (they identify a patient). Null when not given.
    fhirPatientId: text("fhir_patient_id"),
    fhirEncounterId: text("fhir_encounter_id"),
    createdAt: createdAt(),
  },
  (table) => [index("consultations_owner_created").on(table.ownerId, table.createdAt)],
);

export const summaries = pgTable(
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
    tokensEstimated: boolean("tokens_estimated"),
    costUsd: doublePrecision("cost_usd"),
    ttftMs: integer("ttft_ms"),
    latencyMs: integer("latency_ms"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    createdAt: createdAt(),
    finishedAt: instant("finished_at"),
    heartbeatAt: instant("heartbeat_at"),
  },
  (table) => [
    index("summaries_consultation_created").on(table.consultationId, table.createdAt),
    index("summaries_status").on(table.status),
  ],
);

export const summaryRevisions = pgTable(
  "summary_revisions",
  {
    id: text("id").primaryKey(),
    summaryId: text("summary_id")
      .notNull()
      .references(() => summaries.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    authorId: text("author_id").notNull(),
    /** 1 for the first edit, then one more per save: what an edit says it was based on. */
    number: integer("number").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index("summary_revisions_summary_created").on(table.summaryId, table.createdAt),
    // Optimistic concurrency: two saves based on the same revision both try the same number here.
    uniqueIndex("summary_revisions_one_per_number").on(table.summaryId, table.number),
  ],
);

export const summaryRatings = pgTable(
  "summary_ratings",
  {
    id: text("id").primaryKey(),
    summaryId: text("summary_id")
      .notNull()
      .references(() => summaries.id, { onDelete: "cascade" }),
    raterId: text("rater_id").notNull(),
    clarity: integer("clarity").notNull(),
    comment: text("comment"),
    promptId: text("prompt_id").notNull(),
    promptVersion: text("prompt_version").notNull(),
    promptHash: text("prompt_hash").notNull(),
    outputHash: text("output_hash").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("summary_ratings_one_per_rater").on(table.summaryId, table.raterId),
    index("summary_ratings_created").on(table.createdAt),
  ],
);

/**
 * Reviewers' clarity ratings of eval outputs made in the workbench (/review/queue), kept here and
 * not only in the instance's eval store (EVAL_DB) so they survive deploys. Same key as the eval
 * store's ratings: one per prompt file, case, output and rater. Not tied to consultations.
 */
export const reviewRatings = pgTable(
  "review_ratings",
  {
    id: text("id").primaryKey(),
    promptId: text("prompt_id").notNull(),
    promptVersion: text("prompt_version").notNull(),
    promptHash: text("prompt_hash").notNull(),
    caseId: text("case_id").notNull(),
    outputHash: text("output_hash").notNull(),
    raterId: text("rater_id").notNull(),
    clarity: integer("clarity").notNull(),
    comment: text("comment"),
    source: text("source", { enum: REVIEW_RATING_SOURCES }).notNull(),
    ratedAt: instant("rated_at").notNull(),
  },
  (table) => [
    uniqueIndex("review_ratings_one_per_rater").on(
      table.promptHash,
      table.caseId,
      table.outputHash,
      table.raterId,
    ),
    index("review_ratings_rated").on(table.ratedAt),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: instant("at").notNull(),
    actorId: text("actor_id").notNull(),
    actorRole: text("actor_role").notNull(),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    outcome: text("outcome", { enum: AUDIT_OUTCOMES }).notNull(),
    consultationId: text("consultation_id"),
    summaryId: text("summary_id"),
    detail: text("detail"),
    // A write to another system (the FHIR push): its host, HTTP status and the id it gave.
    targetHost: text("target_host"),
    httpStatus: integer("http_status"),
    remoteId: text("remote_id"),
  },
  (table) => [
    index("audit_events_at").on(table.at),
    index("audit_events_consultation").on(table.consultationId),
  ],
);

export const rateLimitWindows = pgTable(
  "rate_limit_windows",
  {
    key: text("key").notNull(),
    windowStart: instant("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.windowStart] })],
);
