// Check at a glance (issue #17): on a desktop the summary and the notes sit side by side, each
// scrolling on its own, and a chosen line stays put, marked, with its one supporting sentence
// highlighted in the notes; on a tablet the summary comes first and the notes are a tab away.

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { seriousAccessibilityViolations } from "../support/axe";
import { LONG_ASR_PLAN_TURN, LONG_ASR_VISIT } from "../support/long-asr-visit";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

/** The first line under "Plan", near the end of the summary: it comes from the visit's long last turn. */
const planLine = (page: Page) =>
  page
    .locator(".summary-text h3", { hasText: /^Plan$/ })
    .locator("xpath=following::ul[1]")
    .locator(".summary-item")
    .first();

const app = appInBrowser();

async function summarizeLongVisit(page: Page): Promise<void> {
  await page.goto(app.server.url);
  await page.getByLabel("Consultation transcript or notes").fill(LONG_ASR_VISIT);
  await page.getByRole("button", { name: "Summarize" }).click();
  await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
  // The lines become buttons once the server has checked the text against the notes.
  await planLine(page).waitFor({ timeout: 20_000 });
}

const inViewport = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
  });

describe("check at a glance", () => {
  it("on a desktop, shows a late plan line's sentence in the notes without moving the line", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await summarizeLongVisit(page);
    const notes = page.locator(".notes-text");
    const line = planLine(page);
    // Side by side: the notes column starts level with the summary, to its right.
    const [summaryBox, notesBox] = await Promise.all([
      page.locator(".summary-column").boundingBox(),
      page.locator(".notes-column").boundingBox(),
    ]);
    expect(notesBox!.x).toBeGreaterThan(summaryBox!.x + summaryBox!.width - 1);
    expect(Math.abs(notesBox!.y - summaryBox!.y)).toBeLessThan(2);
    expect(await notes.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);

    await line.scrollIntoViewIfNeeded();
    const before = await page.evaluate(() => window.scrollY);
    const notesTopBefore = await notes.evaluate((element) => element.scrollTop);
    const lineTopBefore = (await line.boundingBox())!.y;
    await line.click();

    const mark = page.locator(".notes-text mark");
    await expect.poll(() => inViewport(page, ".notes-text mark")).toBe(true);
    await expect.poll(() => notes.evaluate((element) => element.scrollTop)).toBeGreaterThan(notesTopBefore);
    // The notes moved inside their own box; the page and the clicked line did not.
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    expect((await line.boundingBox())!.y).toBe(lineTopBefore);
    expect(await inViewport(page, '.summary-item[aria-current="true"]')).toBe(true);
    expect(await line.getAttribute("aria-current")).toBe("true");
    expect(await page.locator('.summary-item[aria-current="true"]').count()).toBe(1);
    // The selected look does not rest on colour alone: a bar drawn on the line's left.
    expect(await line.evaluate((element) => getComputedStyle(element).boxShadow)).toMatch(/inset/);

    // The highlight is the sentence that says it, not the whole long plan turn.
    const marked = await mark.innerText();
    expect(LONG_ASR_PLAN_TURN).toContain(marked);
    expect(marked.length).toBeLessThan(LONG_ASR_PLAN_TURN.length / 3);
    // Nothing of the notes goes into the address.
    expect(new URL(page.url()).search + new URL(page.url()).hash).toBe("");
    await page.screenshot({ path: screenshotPath("check-at-a-glance-desktop.png") });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // One tab stop for the lines: the arrow keys move between them, Esc lets the choice go.
    await line.focus();
    await page.keyboard.press("ArrowDown");
    const next = page.locator(".summary-item:focus");
    expect(await next.innerText()).not.toBe(await line.innerText());
    await page.keyboard.press("Enter");
    expect(await next.getAttribute("aria-current")).toBe("true");
    expect(await line.getAttribute("aria-current")).toBeNull();
    expect(await page.locator('.summary-item[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press("Escape");
    expect(await page.locator('.summary-item[aria-current="true"]').count()).toBe(0);
    expect(await page.locator(".notes-text mark").count()).toBe(0);
    await page.close();
  });

  it("on a tablet, puts the summary first and the notes a tab away, opening on the source", async () => {
    const page = await app.browser.newPage({ viewport: { width: 820, height: 1180 }, hasTouch: true });
    await summarizeLongVisit(page);
    const summaryTop = (await page.locator(".summary-column").boundingBox())!.y;
    expect(summaryTop).toBeLessThan(1180 / 2);
    expect(await page.locator(".notes-column").isVisible()).toBe(false);
    const summaryTab = page.getByRole("tab", { name: "Summary" });
    const notesTab = page.getByRole("tab", { name: "Notes" });
    expect(await summaryTab.getAttribute("aria-selected")).toBe("true");
    expect(await page.getByRole("tabpanel").getAttribute("id")).toBe("summary-panel");
    await page.screenshot({ path: screenshotPath("check-at-a-glance-tablet-summary.png") });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Arrow keys move along the tabs and show each panel.
    await summaryTab.focus();
    await page.keyboard.press("ArrowRight");
    expect(await notesTab.getAttribute("aria-selected")).toBe("true");
    expect(await page.locator(".notes-column").isVisible()).toBe(true);
    await page.keyboard.press("ArrowLeft");
    expect(await page.locator(".notes-column").isVisible()).toBe(false);

    // Show source: the notes tab opens with the sentence marked and in view.
    const line = planLine(page);
    const chosen = await line.innerText();
    await line.click();
    expect(await notesTab.getAttribute("aria-selected")).toBe("true");
    expect(await page.locator(".summary-column").isVisible()).toBe(false);
    await expect.poll(() => inViewport(page, ".notes-text mark")).toBe(true);
    const marked = await page.locator(".notes-text mark").innerText();
    expect(LONG_ASR_PLAN_TURN).toContain(marked);
    expect(marked.length).toBeLessThan(LONG_ASR_PLAN_TURN.length / 3);
    await page.screenshot({ path: screenshotPath("check-at-a-glance-tablet-notes.png") });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // And back: the summary with the chosen line in view and focused.
    await page.getByRole("button", { name: "← Back to summary" }).click();
    expect(await summaryTab.getAttribute("aria-selected")).toBe("true");
    await expect.poll(() => inViewport(page, '.summary-item[aria-current="true"]')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(chosen);
    await page.close();
  });
});
