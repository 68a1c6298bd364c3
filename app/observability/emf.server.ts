// CloudWatch Embedded Metric Format: one JSON object per line on stdout, which the log group turns
// into metrics with no agent (docs/deploy.md, "Metrics contract"; the alarms read the same names, from
// @consult-summary/core/metrics-contract). Written by hand from the documented format rather than with aws-embedded-metrics:
// that library picks a sink by probing its environment (on ECS it sends to a CloudWatch agent
// over TCP unless told otherwise) and flushes asynchronously, while these lines are plain
// synchronous stdout writes that survive a shutdown.
// Dimension values are the service, provider, model, prompt version and error code: never
// anything from a consultation (no ids, no text).
import { METRIC_UNITS, METRICS_NAMESPACE, type MetricName } from "@consult-summary/core/metrics-contract";

import type { SummaryFinished } from "./metrics.server";

/** What the instance reports every interval. */
export interface InstanceSample {
  activeStreams: number;
  /** p99 of the event loop's delay since the last report; undefined when nothing was measured. */
  eventLoopDelayMs?: number;
  databaseUnavailable: boolean;
}

type Values = Partial<Record<MetricName, number>>;

interface Directive {
  dimensions: string[][];
  values: Values;
}

export interface EmfWriter {
  summaryFinished(summary: SummaryFinished): void;
  instance(sample: InstanceSample): void;
}

/** Writes EMF lines for the service `service` through `write` (default: stdout). */
export function createEmfWriter(
  service: string,
  options: { write?: (line: string) => void; now?: () => number } = {},
): EmfWriter {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;

  const emit = (properties: Record<string, string>, directives: Directive[]) => {
    const used = directives.filter((directive) => Object.keys(directive.values).length > 0);
    const event: Record<string, unknown> = {
      _aws: {
        Timestamp: now(),
        CloudWatchMetrics: used.map(({ dimensions, values }) => ({
          Namespace: METRICS_NAMESPACE,
          Dimensions: dimensions,
          Metrics: (Object.keys(values) as MetricName[]).map((name) => ({
            Name: name,
            Unit: METRIC_UNITS[name],
          })),
        })),
      },
      Service: service,
      ...properties,
    };
    for (const { values } of used) Object.assign(event, values);
    write(`${JSON.stringify(event)}\n`);
  };

  return {
    summaryFinished(summary) {
      const breakdown = ["Service", "Provider", "Model", "PromptVersion"];
      const complete = summary.status === "complete";
      const timings: Values = { SummaryLatencyMs: summary.latencyMs };
      if (summary.ttftMs !== null) timings.TimeToFirstTokenMs = summary.ttftMs;
      if (complete) {
        timings.SummariesCompleted = 1;
        timings.InputTokens = summary.inputTokens ?? 0;
        timings.OutputTokens = summary.outputTokens ?? 0;
        if (typeof summary.costUsd === "number") timings.CostUsd = summary.costUsd;
      }
      const errorCode = summary.errorCode ?? "unknown";
      emit(
        {
          Provider: summary.provider,
          Model: summary.model,
          PromptVersion: summary.promptVersion,
          ...(complete ? {} : { ErrorCode: errorCode }),
        },
        [
          { dimensions: [["Service"], breakdown], values: timings },
          {
            dimensions: [["Service"], ["Service", "ErrorCode"], breakdown],
            values: complete ? {} : { SummariesFailed: 1 },
          },
        ],
      );
    },
    instance(sample) {
      const values: Values = {
        ActiveStreams: sample.activeStreams,
        DatabaseUnavailable: sample.databaseUnavailable ? 1 : 0,
      };
      if (sample.eventLoopDelayMs !== undefined) values.EventLoopDelayMs = sample.eventLoopDelayMs;
      emit({}, [{ dimensions: [["Service"]], values }]);
    },
  };
}
