import { readFileSync } from "node:fs";

import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { startAppServer } from "../support/app-server";
import { seriousAccessibilityViolations } from "../support/axe";
import { EXAMPLE_MODEL_SUMMARY } from "../support/model-summary";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

let fake: FakeOpenAI;

const app = appInBrowser(async () => {
  fake = await startFakeOpenAI({
    defaultStep: { type: "stream", tokens: tokensOf(EXAMPLE_MODEL_SUMMARY), tokenDelayMs: 40 },
  });
  return startAppServer({
    env: { OPENAI_API_KEY: "sk-e2e", OPENAI_BASE_URL: fake.url, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" },
  });
});

afterAll(async () => {
  await fake?.close();
});

async function submitExample(page: Page): Promise<void> {
  await page.goto(app.server.url);
  await page.getByRole("button", { name: "Load example" }).click();
  await page.getByRole("button", { name: "Summarize" }).click();
  await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
}

const summaryLength = (page: Page) =>
  page.evaluate(() => document.querySelector(".summary-text")?.textContent?.length ?? 0);

describe("a clinician's whole flow in a real browser", () => {
  it("watches the summary grow, stops it, regenerates, edits, rates and exports", async () => {
    const context = await app.browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await submitExample(page);

    // The text grows over several frames, not all at once at the end.
    const lengths: number[] = [];
    for (let i = 0; i < 12; i++) {
      lengths.push(await summaryLength(page));
      await page.waitForTimeout(60);
    }
    const distinct = new Set(lengths.filter((length) => length > 0));
    expect(distinct.size).toBeGreaterThanOrEqual(3);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    await page.screenshot({ path: screenshotPath("summary-streaming.png") });

    // Stop mid-stream: the upstream call ends and the partial text stays.
    await page.getByRole("button", { name: "Stop" }).click();
    await page.getByRole("status").filter({ hasText: "Stopped" }).waitFor();
    const partial = await summaryLength(page);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(EXAMPLE_MODEL_SUMMARY.length - 40);
    await fake.aborted(fake.calls.length - 1, 10_000);

    await page.getByRole("button", { name: "Regenerate" }).click();
    await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });
    await expect(page.locator(".summary-panel .summary-text h3").allInnerTexts()).resolves.toEqual([
      "Chief complaint",
      "History of present illness",
      "Plan",
    ]);

    // Edit in place: saved as a revision and shown instead of the model's text.
    await page.getByRole("button", { name: "Edit" }).click();
    const editor = page.getByLabel(/Edit the summary/);
    await editor.fill(
      `${EXAMPLE_MODEL_SUMMARY}\n## Follow-up\n- Review in 48 hours, sooner if more breathless.\n- Doxycycline 200 mg if no better.\n`,
    );
    await page.getByRole("button", { name: "Save edit" }).click();
    await page.getByText("Edited by you; the model's original is kept.").waitFor();
    expect(await page.locator(".summary-panel .summary-text").innerText()).toContain("Review in 48 hours");
    // The check against the notes flags the dose the notes never give, and says why.
    await expect(page.locator(".summary-panel .summary-text .verify-flag").allInnerTexts()).resolves.toEqual([
      "Check against the notes: the notes never say 200; the notes give doxycycline 100 mg",
    ]);

    // Rate in one click.
    await page.getByLabel(/^4/).check();
    await page.getByText("Rating saved.").waitFor();

    // Export: the download is the edited text.
    await page.getByText("Download", { exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Markdown" }).click(),
    ]);
    const markdown = readFileSync((await download.path())!, "utf8");
    expect(markdown).toMatch(/^# Consultation summary/);
    expect(markdown).toContain("Review in 48 hours");
    const [fhirDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "FHIR JSON" }).click(),
    ]);
    const fhir = JSON.parse(readFileSync((await fhirDownload.path())!, "utf8")) as {
      resourceType: string;
      section: unknown[];
    };
    expect(fhir.resourceType).toBe("Composition");
    expect(fhir.section.length).toBe(4);
    await page.screenshot({ path: screenshotPath("summary-done.png"), fullPage: true });

    // Check against the source: clicking an item marks where it comes from.
    await page.locator(".summary-item", { hasText: "Doxycycline 100 mg" }).first().click();
    expect(await page.locator(".notes-text mark").innerText()).toContain("doxycycline 100 mg twice a day");
    await context.close();
  });

  it("completes the main flow with the keyboard only", async () => {
    const page = await app.browser.newPage();
    await page.goto(app.server.url);
    const focusOn = async (predicate: string) => {
      for (let i = 0; i < 30; i++) {
        if (await page.evaluate(predicate)) return;
        await page.keyboard.press("Tab");
      }
      throw new Error(`could not reach ${predicate} with Tab`);
    };
    await focusOn(`document.activeElement?.tagName === "TEXTAREA"`);
    await page.keyboard.type("Patient: I have had a sore throat for three days and a fever of 38.5.");
    await focusOn(`document.activeElement?.textContent === "Summarize"`);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/consultations\//);
    await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });
    await focusOn(`document.activeElement?.getAttribute("name") === "clarity"`);
    await page.keyboard.press("Space");
    await page.getByText("Rating saved.").waitFor();
    await page.close();
  });

  it("has no serious accessibility violations on the main pages", async () => {
    const page = await app.browser.newPage();
    await page.goto(app.server.url);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("new-consultation.png"), fullPage: true });
    await submitExample(page);
    await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
