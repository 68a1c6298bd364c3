// The app's metrics contract (docs/deploy.md, "Observability"): the app writes CloudWatch Embedded
// Metric Format lines on stdout, the log group turns them into these metrics, and the alarms and
// the dashboard read them. Every metric is emitted with the dimension set [Service] (what alarms
// read) and, where it has them, [Service, Provider, Model, PromptVersion] (the breakdown).
import { Duration } from "aws-cdk-lib";
import { Metric, type MetricOptions } from "aws-cdk-lib/aws-cloudwatch";

import { METRICS_NAMESPACE, type MetricName } from "@consult-summary/core/metrics-contract";

/**
 * The summary error codes (packages/core/src/summarizers/types.ts) that point at the deployment
 * rather than at one request: each gets its own alarm on SummariesFailed{Service, ErrorCode}.
 * `cancelled` (the clinician stopped it) and `bad_request` (one bad input) are left out.
 */
export const ALARMED_ERROR_CODES = [
  "upstream_auth",
  "model_not_found",
  "rate_limited",
  "upstream_error",
  "upstream_timeout",
  "upstream_unreachable",
  "interrupted",
  "database_unavailable",
  "database_full",
  "processing_timeout",
  "server_busy",
  "storage_failed",
] as const;

/** One of the app's metrics for one service, optionally narrowed by more dimensions. */
export function appMetric(
  service: string,
  name: MetricName,
  options: MetricOptions & { dimensions?: Record<string, string> } = {},
): Metric {
  const { dimensions = {}, ...rest } = options;
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { Service: service, ...dimensions },
    period: Duration.minutes(1),
    ...rest,
  });
}
