// No lost words on navigation, in a real browser: with unsaved changes in the summary editor, the
// "← All consultations" link asks first (Cancel keeps the editor and its text, Leave goes), closing
// or reloading the tab gets the browser's own question, and an unchanged editor never asks. The
// draft is kept in no browser storage.

import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { startAppServer } from "../support/app-server";
import { seriousAccessibilityViolations } from "../support/axe";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

const DRAFT = `## Plan\n- Unsaved plan ${Math.random().toString(36).slice(2)}.`;

let context: BrowserContext;

const app = appInBrowser(() => startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } }));

beforeAll(async () => {
  context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
});

const editor = (page: Page) => page.getByLabel(/Edit the summary/);
const allConsultations = (page: Page) => page.getByRole("link", { name: "← All consultations" });
const leaveDialog = (page: Page) => page.getByRole("dialog", { name: "Leave without saving your edit?" });

async function storedDraft(page: Page): Promise<boolean> {
  return page.evaluate(
    (draft) =>
      [localStorage, sessionStorage].some((storage) =>
        Object.keys(storage).some((key) => (storage.getItem(key) ?? "").includes(draft)),
      ),
    DRAFT,
  );
}

describe("leaving the page with an unsaved edit", () => {
  it("asks before an in-app link, a reload or a close; Cancel keeps the text, Leave goes; an unchanged editor never asks", async () => {
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.getByRole("button", { name: "Load example" }).click();
    await page.getByRole("button", { name: "Summarize" }).click();
    await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    const consultationUrl = page.url();
    await page.locator(".status-line").filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });

    // An open but unchanged editor: the link goes at once.
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    await editor(page).waitFor();
    await allConsultations(page).click();
    await page.waitForURL(`${app.server.url}/`);
    await page.getByRole("heading", { name: "New consultation" }).waitFor();
    expect(await leaveDialog(page).count()).toBe(0);

    // Changed: the link asks; Cancel (Enter on the focused Cancel) keeps the page, editor and text.
    await page.goto(consultationUrl);
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    await editor(page).fill(DRAFT);
    await allConsultations(page).click();
    await leaveDialog(page).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("leave-unsaved-edit.png") });
    const focusedButton = await page.evaluate(() => document.activeElement?.textContent);
    expect(focusedButton).toBe("Cancel");
    await page.keyboard.press("Enter");
    await leaveDialog(page).waitFor({ state: "hidden" });
    expect(page.url()).toBe(consultationUrl);
    expect(await editor(page).inputValue()).toBe(DRAFT);

    // Esc answers Cancel too, and reaches neither the editor's own Esc nor its discard question.
    await allConsultations(page).click();
    await leaveDialog(page).waitFor();
    await page.keyboard.press("Escape");
    await leaveDialog(page).waitFor({ state: "hidden" });
    expect(await page.getByRole("dialog", { name: "Discard your changes?" }).count()).toBe(0);
    expect(await editor(page).inputValue()).toBe(DRAFT);

    // Closing (or reloading) the tab: the browser asks; staying keeps everything.
    const question = page.waitForEvent("dialog");
    await page.close({ runBeforeUnload: true });
    const asked = await question;
    expect(asked.type()).toBe("beforeunload");
    await asked.dismiss();
    expect(page.isClosed()).toBe(false);
    expect(await editor(page).inputValue()).toBe(DRAFT);
    expect(await storedDraft(page)).toBe(false);

    // Leave: goes to the list.
    await allConsultations(page).click();
    await leaveDialog(page).getByRole("button", { name: "Leave" }).click();
    await page.waitForURL(`${app.server.url}/`);
    await page.getByRole("heading", { name: "New consultation" }).waitFor();
    expect(await storedDraft(page)).toBe(false);

    // Back on the page nothing was saved, and nothing asks any more.
    await page.goto(consultationUrl);
    await page.locator(".status-line").filter({ hasText: "Done in" }).waitFor();
    expect(await page.locator(".summary-panel .summary-text").innerText()).not.toContain("Unsaved plan");
    await allConsultations(page).click();
    await page.waitForURL(`${app.server.url}/`);
  });
});
