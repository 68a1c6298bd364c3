// The server going away under a clinician's open page, in a real browser: the page says the
// connection is lost while it is, a Stop that cannot reach the server says so in place, and after
// the restart the summary reads as interrupted by the server, never as stopped by the clinician.
// Also: the skip link and the few Tab presses from the top of the page to Copy note.

import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { makeDataDir, startAppServer, type AppServer } from "../support/app-server";
import { seriousAccessibilityViolations } from "../support/axe";
import { storedSummaryRow } from "../support/server-database";
import { EXAMPLE_MODEL_SUMMARY } from "../support/model-summary";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

let fake: FakeOpenAI;
const dataDir = makeDataDir();

function startServer(port = "0"): Promise<AppServer> {
  return startAppServer({
    dataDir,
    env: {
      OPENAI_API_KEY: "sk-e2e",
      OPENAI_BASE_URL: fake.url,
      SUMMARY_RATE_LIMIT_PER_MINUTE: "0",
      PORT: port,
    },
  });
}

const app = appInBrowser(async () => {
  fake = await startFakeOpenAI({
    defaultStep: { type: "stream", tokens: tokensOf(EXAMPLE_MODEL_SUMMARY), tokenDelayMs: 20 },
  });
  return startServer();
});

afterAll(async () => {
  await fake?.close();
});

async function submitExample(page: Page): Promise<string> {
  await page.goto(app.server.url);
  await page.getByRole("button", { name: "Load example" }).click();
  await page.getByRole("button", { name: "Summarize" }).click();
  await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
  return page.url();
}

const statusLine = (page: Page) => page.locator(".summary-panel .status-line");
const shownSummary = (page: Page) => page.locator(".summary-text").innerText();

describe("a summary whose server goes away mid-stream", () => {
  it("says the connection is lost, stops nothing it cannot reach, and ends as interrupted by the server", async () => {
    // Slow enough that the server is killed long before the model would finish.
    fake.script({ type: "stream", tokens: tokensOf(EXAMPLE_MODEL_SUMMARY.repeat(40)), tokenDelayMs: 60 });
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await submitExample(page);
    await statusLine(page).filter({ hasText: "Writing summary…" }).waitFor();
    await page.waitForFunction(
      () => (document.querySelector(".summary-text")?.textContent ?? "").length > 80,
    );
    const summaryId = (await page.locator(".summary-panel").getAttribute("data-summary-id"))!;

    const port = new URL(app.server.url).port;
    await app.server.stop("SIGKILL");
    await statusLine(page).filter({ hasText: "Connection lost — reconnecting…" }).waitFor();
    await expect(statusLine(page).getAttribute("aria-live")).resolves.toBe("polite");
    // The next attempt is counted down, and can be made at once.
    await expect(page.getByTestId("reconnect-countdown").innerText()).resolves.toMatch(
      /^(Next try in \d+ s\.|Trying now…)$/,
    );
    await expect(page.getByRole("button", { name: "Reconnect now" }).isVisible()).resolves.toBe(true);
    const partialShown = await shownSummary(page);
    expect(partialShown.length).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath("summary-reconnecting.png") });

    // Stop cannot reach the server: an inline message, the page and the text stay.
    await page.getByRole("button", { name: "Stop" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "Could not reach the server to stop the summary" })
      .waitFor();
    await expect(page.getByRole("heading", { name: "Summary", exact: true }).isVisible()).resolves.toBe(true);
    expect(await shownSummary(page)).toBe(partialShown);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("summary-stop-unreachable.png") });

    // The server comes back on the same port and database; "Reconnect now" skips the wait for the
    // next attempt (which the page would make by itself).
    app.server = await startServer(port);
    const interrupted = statusLine(page).filter({ hasText: "Interrupted" });
    while (!(await interrupted.isVisible())) {
      const reconnectNow = page.getByRole("button", { name: "Reconnect now" });
      if (await reconnectNow.isVisible()) await reconnectNow.click().catch(() => undefined);
      await page.waitForTimeout(250);
    }
    await expect(statusLine(page).innerText()).resolves.not.toContain("Stopped");
    await page
      .getByRole("alert")
      .filter({ hasText: "The server stopped while this summary was being written" })
      .waitFor();
    await expect(page.getByRole("button", { name: "Copy note" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Regenerate" }).isVisible()).resolves.toBe(true);
    expect(await storedSummaryRow(app.server, summaryId)).toMatchObject({
      status: "failed",
      error_code: "interrupted",
    });
    await page.screenshot({ path: screenshotPath("summary-interrupted.png"), fullPage: true });

    // What the reconnected page shows is the stored text exactly, nothing doubled: the same as a
    // fresh load of the page renders from the database. (A crash loses what was not yet saved, up
    // to about a second of text, so it may be shorter than what was shown before.)
    const afterReconnect = await shownSummary(page);
    expect(afterReconnect.length).toBeGreaterThan(0);
    await page.reload();
    await statusLine(page).filter({ hasText: "Interrupted" }).waitFor();
    expect(await shownSummary(page)).toBe(afterReconnect);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});

describe("an edit saved while the server is out of reach", () => {
  it("stays in the editor with an inline message, and is saved once the server is back", async () => {
    fake.setDefault({ type: "stream", tokens: tokensOf(EXAMPLE_MODEL_SUMMARY), tokenDelayMs: 5 });
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await submitExample(page);
    await statusLine(page).filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const editor = page.getByLabel(/Edit the summary/);
    const mine = `${await editor.inputValue()}\n- Written while the connection was down.`;
    await editor.fill(mine);

    const port = new URL(app.server.url).port;
    await app.server.stop("SIGKILL");
    await page.getByRole("button", { name: "Save edit" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "Could not reach the server, so nothing was saved" })
      .waitFor();
    expect(await editor.inputValue()).toBe(mine);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("edit-unreachable.png") });

    app.server = await startServer(port);
    await page.getByRole("button", { name: "Save edit" }).click();
    await page.getByText("Edited by you; the model's original is kept.").waitFor();
    expect(await shownSummary(page)).toContain("Written while the connection was down.");
    await page.reload();
    expect(await shownSummary(page)).toContain("Written while the connection was down.");
    await page.close();
  });
});

describe("keyboard access to a finished summary", () => {
  it("has a skip link first, the summary lines as one tab stop, and Copy note a few Tab presses from the top", async () => {
    fake.setDefault({ type: "stream", tokens: tokensOf(EXAMPLE_MODEL_SUMMARY), tokenDelayMs: 5 });
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const url = await submitExample(page);
    await statusLine(page).filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });
    await page.goto(url);
    const lines = page.locator("button.summary-item");
    await lines.first().waitFor();
    expect(await lines.count()).toBeGreaterThanOrEqual(5);

    const focused = () =>
      page.evaluate(() => ({
        text: document.activeElement?.textContent ?? "",
        className: document.activeElement?.className ?? "",
      }));
    let tabs = 1;
    await page.keyboard.press("Tab");
    expect((await focused()).text).toBe("Skip to summary");
    const box = await page.getByRole("link", { name: "Skip to summary" }).boundingBox();
    expect(box && box.y >= 0 && box.height > 0).toBe(true);
    await page.screenshot({ path: screenshotPath("skip-link.png") });
    await page.keyboard.press("Enter");
    while ((await focused()).text !== "Copy note") {
      expect(tabs).toBeLessThan(20);
      await page.keyboard.press("Tab");
      tabs++;
    }
    expect(tabs).toBeLessThanOrEqual(6);

    // The lines: one Tab stop on the whole way down to Regenerate, the arrow keys move along them.
    let lineStops = 0;
    for (let presses = 0; (await focused()).text !== "Regenerate"; presses++) {
      expect(presses).toBeLessThan(40);
      await page.keyboard.press("Tab");
      if ((await focused()).className.includes("summary-item")) lineStops++;
    }
    expect(lineStops).toBe(1);
    while (!(await focused()).className.includes("summary-item")) await page.keyboard.press("Shift+Tab");
    const first = (await focused()).text;
    await page.keyboard.press("ArrowDown");
    const second = (await focused()).text;
    expect(second).not.toBe(first);
    expect((await focused()).className).toContain("summary-item");
    await expect(
      lines.evaluateAll((buttons) => buttons.filter((b) => b.tabIndex === 0).length),
    ).resolves.toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
