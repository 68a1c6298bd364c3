// The app's CloudWatch metrics contract (docs/deploy.md, "Metrics contract"): what the app writes
// as Embedded Metric Format lines (app/observability/emf.server.ts) and what the alarms and the
// dashboard read (infra/src/metrics.ts). One definition, so the two cannot drift apart.

export const METRICS_NAMESPACE = "ConsultSummary";

/** Each metric's name and its CloudWatch unit. */
export const METRIC_UNITS = {
  TimeToFirstTokenMs: "Milliseconds",
  SummaryLatencyMs: "Milliseconds",
  InputTokens: "Count",
  OutputTokens: "Count",
  CostUsd: "None",
  SummariesCompleted: "Count",
  SummariesFailed: "Count",
  ActiveStreams: "Count",
  EventLoopDelayMs: "Milliseconds",
  DatabaseUnavailable: "Count",
} as const;

export type MetricName = keyof typeof METRIC_UNITS;
