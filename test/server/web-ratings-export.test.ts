import { writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { runCli, tempDir } from "@consult-summary/eval/testing";
import { startAppServer, type AppServer } from "../support/app-server";
import { openSse } from "../support/sse";
import { WebSession } from "../support/web-session";

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer();
});

afterAll(async () => {
  await server?.stop();
});

describe("clinicians' ratings reach the eval package", () => {
  it("exports a rating made in the app in the format `eval ratings import` accepts", async () => {
    const session = new WebSession(server.url);
    const created = await session.postForm("/?index", { notes: EXAMPLE_CONSULTATION });
    const location = created.headers.get("location")!;
    const summaryId = /"summary":\{"id":"([0-9a-f-]{36})"/.exec(await session.page(location))![1]!;
    await (
      await openSse(`${server.url}/resources/summaries/${summaryId}/stream`)
    ).finished;

    const rated = await session.postForm(location, {
      intent: "rate",
      summaryId,
      clarity: "5",
      comment: "Clear",
    });
    expect(rated.status).toBe(200);
    const invalid = await session.postForm(location, { intent: "rate", summaryId, clarity: "9" });
    expect(invalid.status).toBe(400);

    const exported = await session.get("/admin/ratings.jsonl");
    expect(exported.status).toBe(200);
    const lines = (await exported.text()).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      caseId: summaryId,
      clarity: 5,
      promptVersion: "v1",
      rater: "local-user",
    });

    const dir = tempDir();
    const file = path.join(dir, "web-ratings.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const imported = await runCli(["ratings", "import", file], {
      env: { EVAL_DB: path.join(dir, "eval.sqlite") },
    });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("Imported 1 ratings");
  });
});
