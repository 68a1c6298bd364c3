// Prometheus metrics (prom-client), served by the Express server at /metrics behind a bearer token.
// Labels carry identifiers of code paths only (route templates, providers, models, codes), never
// user or consultation data, and have a small fixed set of values.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

import type { EventLoopWatch } from "./event-loop.server";

export interface SummaryMetricLabels {
  provider: string;
  model: string;
  promptVersion: string;
}

export interface SummaryFinished extends SummaryMetricLabels {
  status: "complete" | "failed" | "cancelled";
  ttftMs: number | null;
  latencyMs: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number | null;
  errorCode?: string;
}

const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 45, 60, 90, 120];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The process's metrics in a registry of their own; the lag gauge reads `eventLoop`. */
export function createMetrics(eventLoop: Pick<EventLoopWatch, "lagging">) {
  const registry = new Registry();
  let activeStreams: () => number = () => 0;
  const metrics = {
    registry,
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP requests by method, route template and status; event streams count until they end.",
      labelNames: ["method", "route", "status"] as const,
      buckets: HTTP_BUCKETS,
      registers: [registry],
    }),
    timeToFirstToken: new Histogram({
      name: "summary_time_to_first_token_seconds",
      help: "Time from starting a summary to its first streamed text.",
      labelNames: ["provider", "model", "prompt_version"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    latency: new Histogram({
      name: "summary_latency_seconds",
      help: "Time from starting a summary to its end, by outcome.",
      labelNames: ["provider", "model", "prompt_version", "status"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    tokens: new Counter({
      name: "summary_tokens_total",
      help: "Tokens used by completed summaries (reported by the provider, or estimated).",
      labelNames: ["provider", "model", "direction"] as const,
      registers: [registry],
    }),
    cost: new Counter({
      name: "summary_cost_usd_total",
      help: "Estimated cost of completed summaries in US dollars, for models with a known price.",
      labelNames: ["provider", "model"] as const,
      registers: [registry],
    }),
    errors: new Counter({
      name: "summary_errors_total",
      help: "Summaries that ended with an error, by error code (cancelled included).",
      labelNames: ["code"] as const,
      registers: [registry],
    }),
    textTasks: new Counter({
      name: "text_tasks_total",
      help: "CPU-bound text tasks run in worker threads, by task and outcome (ok, timeout, overloaded, failed, cancelled).",
      labelNames: ["task", "outcome"] as const,
      registers: [registry],
    }),
    eventLoopLagging: new Gauge({
      name: "event_loop_lagging",
      help: "1 while the event loop lags and new summary streams are refused with 503, else 0.",
      registers: [registry],
      collect() {
        this.set(eventLoop.lagging() ? 1 : 0);
      },
    }),
    activeStreams: new Gauge({
      name: "summary_active_streams",
      help: "Summaries being generated in this process right now.",
      registers: [registry],
      collect() {
        this.set(activeStreams());
      },
    }),
    setActiveStreamsSource(source: () => number) {
      activeStreams = source;
    },
    defaultsCollected: false,
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Starts the default process metrics (CPU, memory, event loop lag, GC); once per process. */
export function startProcessMetrics(metrics: Metrics): void {
  if (metrics.defaultsCollected) return;
  metrics.defaultsCollected = true;
  collectDefaultMetrics({ register: metrics.registry });
}

export function recordHttpRequest(
  metrics: Metrics,
  method: string,
  route: string,
  status: number,
  seconds: number,
): void {
  metrics.httpDuration.observe({ method, route, status: String(status) }, seconds);
}

export function recordSummaryFinished(metrics: Metrics, summary: SummaryFinished): void {
  const { provider, model } = summary;
  const prompt_version = summary.promptVersion;
  if (summary.ttftMs !== null) {
    metrics.timeToFirstToken.observe({ provider, model, prompt_version }, summary.ttftMs / 1000);
  }
  metrics.latency.observe(
    { provider, model, prompt_version, status: summary.status },
    summary.latencyMs / 1000,
  );
  if (summary.status === "complete") {
    metrics.tokens.inc({ provider, model, direction: "input" }, summary.inputTokens ?? 0);
    metrics.tokens.inc({ provider, model, direction: "output" }, summary.outputTokens ?? 0);
    if (typeof summary.costUsd === "number") metrics.cost.inc({ provider, model }, summary.costUsd);
  } else {
    metrics.errors.inc({ code: summary.errorCode ?? "unknown" });
  }
}

export function recordTextTask(metrics: Metrics, task: string, outcome: string): void {
  metrics.textTasks.inc({ task, outcome });
}

/** The Prometheus text exposition of every metric. */
export async function metricsText({ registry }: Metrics): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
