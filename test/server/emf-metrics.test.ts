// CloudWatch Embedded Metric Format on the built server's stdout: a summary and a failing summary
// each leave one line the specification accepts, with the contract's metrics and dimensions, the
// values the client was told, and nothing from the consultation.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, type FakeOpenAI } from "@consult-summary/core/testing";
import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { postConsultationStream } from "../support/api";
import { startAppServer, type AppServer } from "../support/app-server";
import { dimensionSetsOf, emfEvents, eventsWith, type EmfEvent } from "../support/emf";

const SERVICE = "consult-summary-test";
const MARKER = `PHI-MARKER-${randomBytes(6).toString("hex")}`;
const NOTES = `${EXAMPLE_CONSULTATION}\nDoctor: Any allergies, ${MARKER}?`;
const BREAKDOWN = ["Service", "Provider", "Model", "PromptVersion"];

let fake: FakeOpenAI;
let server: AppServer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  server = await startAppServer({
    env: {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.url,
      SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
      METRICS_SERVICE_NAME: SERVICE,
      METRICS_EMF_INTERVAL_MS: "1000",
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

/** The EMF events once `ready` holds for them (each line is checked against the specification). */
async function emfWhen(ready: (events: EmfEvent[]) => boolean): Promise<EmfEvent[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const events = emfEvents(server.output());
    if (ready(events)) return events;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the EMF lines never showed up:\n${server.output().slice(-3_000)}`);
}

describe("EMF lines on stdout", () => {
  it("report a summary and a failing one with the contract's metrics, dimensions and values, and no PHI", async () => {
    const ok = await postConsultationStream(server.url, NOTES);
    await ok.finished;
    const done = ok.events.at(-1)!;
    expect(done.event).toBe("done");
    fake.script({ type: "error", status: 401 });
    const failing = await postConsultationStream(server.url, NOTES);
    await failing.finished;
    expect(failing.events.at(-1)).toMatchObject({ event: "error", data: { code: "upstream_auth" } });

    const events = await emfWhen(
      (found) =>
        eventsWith(found, "SummariesCompleted").length === 1 &&
        eventsWith(found, "SummariesFailed").length === 1,
    );
    const meta = ok.events[0]!.data as { summaryId: string; consultationId: string; model: string };
    const [completed] = eventsWith(events, "SummariesCompleted") as [EmfEvent];
    const [failed] = eventsWith(events, "SummariesFailed") as [EmfEvent];
    const told = done.data as {
      usage: { inputTokens: number; outputTokens: number };
      costUsd: number | null;
      ttftMs: number;
      latencyMs: number;
    };
    expect(completed).toMatchObject({
      Service: SERVICE,
      Provider: "openai",
      Model: meta.model,
      PromptVersion: expect.stringMatching(/\S/),
      SummariesCompleted: 1,
      TimeToFirstTokenMs: told.ttftMs,
      SummaryLatencyMs: told.latencyMs,
      InputTokens: told.usage.inputTokens,
      OutputTokens: told.usage.outputTokens,
    });
    if (told.costUsd === null) expect(completed).not.toHaveProperty("CostUsd");
    else expect(completed.CostUsd).toBe(told.costUsd);
    for (const name of ["TimeToFirstTokenMs", "SummaryLatencyMs", "InputTokens", "OutputTokens"]) {
      expect(dimensionSetsOf(completed, name), name).toEqual([["Service"], BREAKDOWN]);
    }

    expect(failed).toMatchObject({
      Service: SERVICE,
      Provider: "openai",
      ErrorCode: "upstream_auth",
      SummariesFailed: 1,
    });
    expect(dimensionSetsOf(failed, "SummariesFailed")).toEqual([
      ["Service"],
      ["Service", "ErrorCode"],
      BREAKDOWN,
    ]);
    expect(failed.SummaryLatencyMs).toEqual(expect.any(Number));

    const emfLines = server
      .output()
      .split("\n")
      .filter((line) => line.includes('"_aws"'));
    const failedMeta = failing.events[0]!.data as { summaryId: string; consultationId: string };
    for (const secret of [
      MARKER,
      "Metformin",
      meta.summaryId,
      meta.consultationId,
      failedMeta.summaryId,
      failedMeta.consultationId,
    ]) {
      expect(
        emfLines.filter((line) => line.includes(secret)),
        secret,
      ).toEqual([]);
    }
  });

  it("report the instance every interval: active streams, event-loop delay and the database by [Service]", async () => {
    const events = await emfWhen((found) => eventsWith(found, "ActiveStreams").length >= 2);
    const [report] = eventsWith(events, "ActiveStreams").slice(-1) as [EmfEvent];
    expect(report).toMatchObject({
      Service: SERVICE,
      ActiveStreams: 0,
      DatabaseUnavailable: 0,
      EventLoopDelayMs: expect.any(Number),
    });
    for (const name of ["ActiveStreams", "EventLoopDelayMs", "DatabaseUnavailable"]) {
      expect(dimensionSetsOf(report, name)).toEqual([["Service"]]);
    }
  });

  it("stay off without METRICS_SERVICE_NAME, as in a local npm start", async () => {
    const plain = await startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
    try {
      const stream = await postConsultationStream(plain.url);
      await stream.finished;
      expect(stream.events.at(-1)?.event).toBe("done");
      expect(plain.output()).toContain('"message":"listening"');
      expect(emfEvents(plain.output())).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
