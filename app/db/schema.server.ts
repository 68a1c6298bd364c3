// What the models see of the schema: the shared value sets and the row types. Both dialects'
// tables have these row types (schema-parity.test.ts); the tables themselves come from the open
// store (store.server.ts), so model code runs unchanged on SQLite and PostgreSQL.
import type * as pg from "./schema.pg.server";

export * from "./schema-shared";

export type Tables = typeof pg;
export type Consultation = typeof pg.consultations.$inferSelect;
export type Summary = typeof pg.summaries.$inferSelect;
export type SummaryRevision = typeof pg.summaryRevisions.$inferSelect;
export type SummaryRating = typeof pg.summaryRatings.$inferSelect;
export type ReviewRating = typeof pg.reviewRatings.$inferSelect;
export type AuditEvent = typeof pg.auditEvents.$inferSelect;
