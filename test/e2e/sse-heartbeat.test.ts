// Heartbeats on the summary stream, in a real browser: a comment line every 50 ms while the model
// is slow (before its first token and between tokens) never shows in the clinician's summary, and
// the text that arrives is exactly the model's.
import { afterAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { startAppServer } from "../support/app-server";
import { appInBrowser } from "../support/app-in-browser";

const MODEL_SUMMARY = [
  "## Chief complaint",
  "- Cough for ten days.",
  "",
  "## Plan",
  "- Chest X-ray today.",
  "- Doxycycline 100 mg twice a day for seven days.",
  "",
].join("\n");

let fake: FakeOpenAI;

const app = appInBrowser(async () => {
  fake = await startFakeOpenAI({
    defaultStep: {
      type: "stream",
      tokens: tokensOf(MODEL_SUMMARY),
      firstTokenDelayMs: 400,
      tokenDelayMs: 120,
    },
  });
  return startAppServer({
    env: {
      OPENAI_API_KEY: "sk-e2e",
      OPENAI_BASE_URL: fake.url,
      SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
      SSE_HEARTBEAT_MS: "100",
    },
  });
});

afterAll(async () => {
  await fake?.close();
});

describe("heartbeats on a slow summary stream", () => {
  it("never reach the clinician: the summary is exactly the model's text", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(app.server.url);
    await page.getByRole("button", { name: "Load example" }).click();
    const streamRequest = page.waitForRequest((request) => request.url().endsWith("/stream"));
    await page.getByRole("button", { name: "Summarize" }).click();
    await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    // A second reader of the same stream, from the page, while the model is still slow: the bytes
    // the browser receives hold heartbeats (the EventSource above reads the same stream).
    const raw = await page.evaluate(
      async (url) => (await fetch(url, { headers: { accept: "text/event-stream" } })).text(),
      (await streamRequest).url(),
    );
    expect(raw.split("\n").filter((line) => line === ": heartbeat").length).toBeGreaterThan(3);
    await page
      .locator(".summary-panel .status-line")
      .filter({ hasText: /^Done/ })
      .waitFor({ timeout: 30_000 });
    const shown = await page.locator(".summary-text").innerText();
    expect(shown).not.toContain("heartbeat");
    for (const line of [
      "Cough for ten days.",
      "Chest X-ray today.",
      "Doxycycline 100 mg twice a day for seven days.",
    ])
      expect(shown).toContain(line);
    await page.close();
  });
});
