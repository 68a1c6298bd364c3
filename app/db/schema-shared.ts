// Value sets both database dialects store in text columns.
export const SUMMARY_STATUSES = ["pending", "streaming", "complete", "failed", "cancelled"] as const;
export type SummaryStatus = (typeof SUMMARY_STATUSES)[number];

export const AUDIT_ACTIONS = [
  "create",
  "view",
  "stream",
  "regenerate",
  "edit",
  "stop",
  "rate",
  "export",
  "delete",
  "purge",
  "list",
  "audit_export",
  "fhir_push",
  "ehr_ids",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_OUTCOMES = ["allowed", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Where a reviewer's rating of an eval output was made (the eval store's source of the same name). */
export const REVIEW_RATING_SOURCES = ["web"] as const;
