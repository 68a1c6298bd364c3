// Nothing a clinician writes is lost, in a real browser with two tabs on one summary: a stale tab's
// save meets the newer edit (keep mine / take theirs / view both), a regenerate of an edited
// summary asks first and the edited text stays reachable and restorable, a tab that gets focus
// shows the latest and says so, and Edit / Cancel / Esc keep the keyboard focus where it belongs.

import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";

import { startAppServer } from "../support/app-server";
import { seriousAccessibilityViolations } from "../support/axe";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

let context: BrowserContext;

const app = appInBrowser(() => startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } }));

beforeAll(async () => {
  context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
});

const doneStatus = (page: Page) => page.locator(".status-line").filter({ hasText: "Done in" });
const summaryText = (page: Page) => page.locator(".summary-panel .summary-text").innerText();
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element ? `${element.tagName.toLowerCase()}:${element.textContent?.trim() ?? ""}` : "";
  });

/**
 * Switches to the tab. Headless Chromium keeps every page focused and visible, so bringing one to
 * the front sends no event: the window `focus` event a real switch sends is dispatched here.
 */
async function switchTo(page: Page): Promise<void> {
  await page.bringToFront();
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
}

async function editAndSave(page: Page, text: string): Promise<void> {
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByLabel(/Edit the summary/).fill(text);
  await page.getByRole("button", { name: "Save edit" }).click();
}

describe("no lost work, two tabs on one summary", () => {
  it("never overwrites silently, asks before regenerating an edit, keeps every text, and says when another tab changed it", async () => {
    const tabA = await context.newPage();
    await tabA.goto(app.server.url);
    await tabA.getByRole("button", { name: "Load example" }).click();
    await tabA.getByRole("button", { name: "Summarize" }).click();
    await tabA.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    await doneStatus(tabA).waitFor({ timeout: 20_000 });
    const tabB = await context.newPage();
    await tabB.goto(tabA.url());
    await doneStatus(tabB).waitFor();

    // Edit moves focus into the editor; Save puts it back on Edit.
    await tabA.getByRole("button", { name: "Edit", exact: true }).click();
    expect(await focused(tabA)).toMatch(/^textarea:/);
    await tabA.getByLabel(/Edit the summary/).fill("## Plan\n- Chest X-ray today, written in tab A.");
    await tabA.getByRole("button", { name: "Save edit" }).click();
    await tabA.getByText("Edited by you; the model's original is kept.").waitFor();
    expect(await focused(tabA)).toBe("button:Edit");

    // Tab B still shows the model's text; its save meets tab A's edit instead of replacing it.
    await tabB.bringToFront();
    const mine = "## Plan\n- Doxycycline for seven days, written in tab B.";
    await editAndSave(tabB, mine);
    await tabB.getByRole("heading", { name: "Not saved: the summary changed meanwhile" }).waitFor();
    await tabB.getByRole("button", { name: "View both" }).click();
    const compare = tabB.locator(".conflict-compare");
    await expect(compare.getByRole("region", { name: "Yours" }).innerText()).resolves.toContain(
      "written in tab B",
    );
    await expect(
      compare.getByRole("region", { name: /^Theirs \(revision 1\)/ }).innerText(),
    ).resolves.toContain("written in tab A");
    expect(await tabB.getByLabel(/Edit the summary/).inputValue()).toBe(mine);
    expect(await seriousAccessibilityViolations(tabB)).toEqual([]);
    await tabB.locator(".summary-panel").screenshot({ path: screenshotPath("edit-conflict.png") });

    await tabB.getByRole("button", { name: "Keep mine" }).click();
    await tabB.getByText("Edited by you; the model's original is kept.").waitFor();
    expect(await summaryText(tabB)).toContain("written in tab B");

    // Tab A, switched to, shows tab B's text and says so.
    await switchTo(tabA);
    await tabA.getByText("This summary changed in another tab or window — showing the latest.").waitFor();
    expect(await summaryText(tabA)).toContain("written in tab B");

    // Take theirs: tab A's editor is open while tab B saves again; A's save conflicts, A takes B's.
    await tabA.getByRole("button", { name: "Edit", exact: true }).click();
    await tabA.getByLabel(/Edit the summary/).fill("## Plan\n- A second try from tab A.");
    await switchTo(tabB);
    await editAndSave(tabB, "## Plan\n- Final plan from tab B.");
    await tabB.getByRole("button", { name: "Edit", exact: true }).waitFor();
    await switchTo(tabA);
    await tabA.getByRole("button", { name: "Save edit" }).click();
    await tabA.getByRole("button", { name: "Take theirs" }).click();
    await tabA.locator(".summary-panel .summary-text", { hasText: "Final plan from tab B." }).waitFor();

    // Esc: closes an unchanged editor at once; with changes it asks first. Cancel returns focus too.
    await tabA.getByRole("button", { name: "Edit", exact: true }).click();
    await tabA.keyboard.press("Escape");
    await tabA.getByLabel(/Edit the summary/).waitFor({ state: "detached" });
    expect(await focused(tabA)).toBe("button:Edit");
    await tabA.getByRole("button", { name: "Edit", exact: true }).click();
    await tabA.getByLabel(/Edit the summary/).fill("## Plan\n- Unsaved words.");
    await tabA.keyboard.press("Escape");
    const discard = tabA.getByRole("dialog", { name: "Discard your changes?" });
    await discard.waitFor();
    await discard.getByRole("button", { name: "Keep editing" }).click();
    expect(await tabA.getByLabel(/Edit the summary/).inputValue()).toBe("## Plan\n- Unsaved words.");
    await tabA.keyboard.press("Escape");
    await discard.getByRole("button", { name: "Discard changes" }).click();
    await tabA.getByLabel(/Edit the summary/).waitFor({ state: "detached" });
    expect(await focused(tabA)).toBe("button:Edit");
    await tabA.getByRole("button", { name: "Edit", exact: true }).click();
    await tabA.getByRole("button", { name: "Cancel" }).click();
    expect(await focused(tabA)).toBe("button:Edit");

    // Regenerate an edited summary: asked first; Cancel keeps everything as it was.
    await tabA.getByRole("button", { name: "Regenerate" }).click();
    const confirm = tabA.getByRole("dialog", { name: "Regenerate an edited summary?" });
    await confirm.waitFor();
    await tabA.screenshot({ path: screenshotPath("regenerate-confirm.png") });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect(await tabA.locator(".summary-panel").count()).toBe(1);
    await tabA.getByRole("button", { name: "Regenerate" }).click();
    await confirm.getByRole("button", { name: "Regenerate" }).click();
    await tabA.getByText("Earlier summaries (1)").waitFor();
    await doneStatus(tabA).waitFor({ timeout: 20_000 });
    expect(await summaryText(tabA)).not.toContain("Final plan from tab B.");

    // The edited text is under Earlier summaries: shown, copyable, restorable.
    await tabA.getByText("Earlier summaries (1)").click();
    const finalEdit = tabA.locator(".earlier-version").first();
    await expect(finalEdit.locator("summary").innerText()).resolves.toMatch(/^Final edit — revision 3/);
    await expect(finalEdit.locator(".summary-text").innerText()).resolves.toContain("Final plan from tab B.");
    await expect(tabA.locator(".earlier-version").count()).resolves.toBe(4);
    await tabA.screenshot({ path: screenshotPath("earlier-summaries.png"), fullPage: true });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.server.url });
    await finalEdit.getByRole("button", { name: "Copy this text" }).click();
    await finalEdit.getByText("Copied", { exact: true }).waitFor();
    expect(await tabA.evaluate(() => navigator.clipboard.readText())).toContain("Final plan from tab B.");
    await finalEdit.getByRole("button", { name: "Restore this text" }).click();
    const editor = tabA.getByLabel(/Edit the summary/);
    expect(await editor.inputValue()).toBe("## Plan\n- Final plan from tab B.");
    expect(await focused(tabA)).toMatch(/^textarea:/);
    await tabA.getByRole("button", { name: "Save edit" }).click();
    await tabA.getByText("Edited by you; the model's original is kept.").waitFor();
    expect(await summaryText(tabA)).toContain("Final plan from tab B.");
    // Its own regenerate and restore are no news from another tab.
    expect(await tabA.locator(".latest-notice").count()).toBe(0);

    // Tab B learns of the new summary when switched to.
    await switchTo(tabB);
    await tabB
      .getByText("A new summary was generated in another tab or window — showing the latest.")
      .waitFor();
    expect(await summaryText(tabB)).toContain("Final plan from tab B.");
    await tabB.getByText("Earlier summaries (1)").waitFor();
  });
});
