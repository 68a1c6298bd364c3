import { describe, expect, it } from "vitest";

import { METRIC_UNITS, METRICS_NAMESPACE } from "@consult-summary/core/metrics-contract";

import { ALARMED_ERROR_CODES } from "../../infra/src/metrics";
import {
  dimensionSetsOf,
  emfEvents,
  emfProblems,
  eventsWith,
  unitOf,
  type EmfEvent,
} from "../../test/support/emf";
import { createEmfWriter } from "./emf.server";
import type { SummaryFinished } from "./metrics.server";

const ORIGIN = { provider: "openai", model: "gpt-4o-mini", promptVersion: "consultation-summary@1" };
const BREAKDOWN = ["Service", "Provider", "Model", "PromptVersion"];

function writer() {
  const lines: string[] = [];
  const emf = createEmfWriter("consult-summary-test", {
    write: (line) => lines.push(line),
    now: () => 1_700_000_000_123,
  });
  return { emf, lines, events: () => emfEvents(lines.join("")) };
}

const complete: SummaryFinished = {
  ...ORIGIN,
  status: "complete",
  ttftMs: 420,
  latencyMs: 2_300,
  inputTokens: 812,
  outputTokens: 145,
  costUsd: 0.000209,
};

describe("EMF lines", () => {
  it("follow the contract the alarms and dashboard read (@consult-summary/core/metrics-contract)", () => {
    const { emf, events } = writer();
    emf.summaryFinished(complete);
    const [event] = events();
    expect(
      event!._aws.CloudWatchMetrics.every((directive) => directive.Namespace === METRICS_NAMESPACE),
    ).toBe(true);
  });

  it("write one valid line per finished summary: timings, tokens and cost by [Service] and the breakdown", () => {
    const { emf, lines, events } = writer();
    emf.summaryFinished(complete);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\{.*\}\n$/);
    const [event] = events() as [EmfEvent];
    expect(event._aws.Timestamp).toBe(1_700_000_000_123);
    expect(event).toMatchObject({
      Service: "consult-summary-test",
      Provider: "openai",
      Model: "gpt-4o-mini",
      PromptVersion: "consultation-summary@1",
      TimeToFirstTokenMs: 420,
      SummaryLatencyMs: 2_300,
      InputTokens: 812,
      OutputTokens: 145,
      CostUsd: 0.000209,
      SummariesCompleted: 1,
    });
    for (const name of [
      "TimeToFirstTokenMs",
      "SummaryLatencyMs",
      "InputTokens",
      "OutputTokens",
      "CostUsd",
      "SummariesCompleted",
    ]) {
      expect(dimensionSetsOf(event, name), name).toEqual([["Service"], BREAKDOWN]);
      expect(unitOf(event, name)).toBe(METRIC_UNITS[name as keyof typeof METRIC_UNITS]);
    }
    expect(eventsWith([event], "SummariesFailed")).toEqual([]);
    expect(event).not.toHaveProperty("ErrorCode");
    expect(event._aws.CloudWatchMetrics.every((directive) => directive.Namespace === "ConsultSummary")).toBe(
      true,
    );
  });

  it("count a failure by its error code, with no tokens or cost, and leave out a first token that never came", () => {
    const { emf, events } = writer();
    emf.summaryFinished({
      ...ORIGIN,
      status: "failed",
      ttftMs: null,
      latencyMs: 30_000,
      errorCode: "upstream_timeout",
    });
    const [event] = events() as [EmfEvent];
    expect(event).toMatchObject({
      SummariesFailed: 1,
      ErrorCode: "upstream_timeout",
      SummaryLatencyMs: 30_000,
    });
    expect(dimensionSetsOf(event, "SummariesFailed")).toEqual([
      ["Service"],
      ["Service", "ErrorCode"],
      BREAKDOWN,
    ]);
    expect(dimensionSetsOf(event, "SummaryLatencyMs")).toEqual([["Service"], BREAKDOWN]);
    for (const absent of [
      "TimeToFirstTokenMs",
      "InputTokens",
      "OutputTokens",
      "CostUsd",
      "SummariesCompleted",
    ]) {
      expect(event).not.toHaveProperty(absent);
    }
    expect(ALARMED_ERROR_CODES).toContain(event.ErrorCode);
  });

  it("count a cancelled summary as failed with code cancelled (which has no alarm)", () => {
    const { emf, events } = writer();
    emf.summaryFinished({
      ...ORIGIN,
      status: "cancelled",
      ttftMs: 300,
      latencyMs: 900,
      errorCode: "cancelled",
    });
    expect(events()[0]).toMatchObject({
      SummariesFailed: 1,
      ErrorCode: "cancelled",
      TimeToFirstTokenMs: 300,
    });
  });

  it("leave out the cost of a model with no known price", () => {
    const { emf, events } = writer();
    emf.summaryFinished({ ...complete, costUsd: null });
    expect(events()[0]).not.toHaveProperty("CostUsd");
  });

  it("report the instance by [Service]: active streams, event-loop delay and the database", () => {
    const { emf, events } = writer();
    emf.instance({ activeStreams: 3, eventLoopDelayMs: 12.5, databaseUnavailable: false });
    emf.instance({ activeStreams: 0, databaseUnavailable: true });
    const [healthy, down] = events() as [EmfEvent, EmfEvent];
    expect(healthy).toMatchObject({ ActiveStreams: 3, EventLoopDelayMs: 12.5, DatabaseUnavailable: 0 });
    expect(down).toMatchObject({ ActiveStreams: 0, DatabaseUnavailable: 1 });
    expect(down).not.toHaveProperty("EventLoopDelayMs");
    for (const name of ["ActiveStreams", "EventLoopDelayMs", "DatabaseUnavailable"]) {
      expect(dimensionSetsOf(healthy, name)).toEqual([["Service"]]);
      expect(unitOf(healthy, name)).toBe(METRIC_UNITS[name as keyof typeof METRIC_UNITS]);
    }
  });
});

describe("the EMF specification check", () => {
  const valid = {
    _aws: {
      Timestamp: 1_700_000_000_000,
      CloudWatchMetrics: [
        { Namespace: "N", Dimensions: [["Service"]], Metrics: [{ Name: "M", Unit: "Count" }] },
      ],
    },
    Service: "s",
    M: 1,
  };

  it("accepts a valid event, with an array of values too", () => {
    expect(emfProblems(valid)).toEqual([]);
    expect(emfProblems({ ...valid, M: [1, 2.5] })).toEqual([]);
  });

  it("rejects each way an event can break the specification", () => {
    const directive = valid._aws.CloudWatchMetrics[0]!;
    const withDirective = (changes: object) => ({
      ...valid,
      _aws: { ...valid._aws, CloudWatchMetrics: [{ ...directive, ...changes }] },
    });
    expect(emfProblems({ Service: "s", M: 1 })).toEqual(["no _aws object"]);
    expect(emfProblems({ ...valid, _aws: { ...valid._aws, Timestamp: "2024-01-01" } })).toHaveLength(1);
    expect(emfProblems({ ...valid, M: "1" })).toHaveLength(1);
    expect(emfProblems({ ...valid, Service: 7 })).toHaveLength(1);
    expect(emfProblems(withDirective({ Namespace: "" }))).toHaveLength(1);
    expect(
      emfProblems(withDirective({ Dimensions: [Array.from({ length: 31 }, () => "Service")] })),
    ).toHaveLength(1);
    expect(emfProblems(withDirective({ Metrics: [{ Name: "M", Unit: "Dollars" }] }))).toHaveLength(1);
    expect(
      emfProblems({ ...withDirective({ Metrics: Array.from({ length: 101 }, () => ({ Name: "M" })) }) }),
    ).toHaveLength(1);
  });
});
