// Note types in a real browser with the embedded writer, as the local single-user mode's user (an
// admin, so the draft types are offered, labelled as drafts): the clinician chooses the draft
// "Patient after-visit summary" on the form, summarizes, and reads a plain-language summary on the
// page; the summary card and the list name the type; after an edit, the card asks before it writes
// the visit again as a letter.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { startAppServer } from "../support/app-server";
import { appInBrowser } from "../support/app-in-browser";

const app = appInBrowser(() => startAppServer({ env: { SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } }));

const panel = (page: Page) => page.locator(".summary-panel[data-phase='done']");

describe("choosing the note type", () => {
  it("writes a patient after-visit summary, then a referral letter of the same visit", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.getByRole("button", { name: "Load example" }).click();
    await page
      .getByLabel("Note type")
      .selectOption({ label: "Patient after-visit summary (draft — not yet rated)" });
    await page.getByRole("button", { name: "Summarize" }).click();
    await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);

    const summary = await panel(page).locator(".summary-text").innerText();
    expect(summary).toMatch(/^Why you came in\n/);
    expect(summary).toContain("What to do next");
    expect(summary).toContain("doxycycline 100 mg");
    expect(summary).not.toMatch(/\bthe patient\b/i);
    await expect(page.getByTestId("note-type").innerText()).resolves.toBe("Patient after-visit summary");
    // Checked against the notes: speaking to the patient is no finding; every line is supported.
    // The lines become a group of checked items once the check of this text has arrived.
    await panel(page).locator('.summary-text[role="group"]').waitFor();
    await expect(panel(page).locator(".summary-item").count()).resolves.toBeGreaterThan(3);
    await expect(panel(page).locator(".summary-item.weak").count()).resolves.toBe(0);

    // An edited summary: "Write as this type" asks first, like Regenerate; Cancel keeps it.
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    await page.getByLabel(/Edit the summary/).fill("## What to do next\n- Edited by the clinician.");
    await page.getByRole("button", { name: "Save edit" }).click();
    await panel(page).locator(".summary-text", { hasText: "Edited by the clinician." }).waitFor();
    await page.getByLabel("Note type").selectOption({ label: "Referral letter (draft — not yet rated)" });
    await page.getByRole("button", { name: "Write as this type" }).click();
    const confirm = page.getByRole("dialog", { name: "Write an edited summary again as this type?" });
    await confirm.waitFor();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(panel(page).locator(".summary-text").innerText()).resolves.toContain(
      "Edited by the clinician.",
    );
    await page.getByRole("button", { name: "Write as this type" }).click();
    await confirm.getByRole("button", { name: "Write as this type" }).click();
    await page.getByTestId("note-type").filter({ hasText: "Referral letter" }).waitFor();
    await panel(page).locator('.summary-text[role="group"]').waitFor();
    // The letter's greeting, opening and closing are its own words, never flagged.
    await expect(
      panel(page)
        .locator(".summary-item.weak", { hasText: /Dear colleague|Thank you for seeing/ })
        .count(),
    ).resolves.toBe(0);
    const letter = await panel(page).locator(".summary-text").innerText();
    expect(letter).toMatch(/^Dear colleague,\n/);
    expect(letter).toMatch(/Thank you for seeing this patient\.$/);

    await page.goto(app.server.url);
    await expect(page.locator(".consultation-list .note-type").first().innerText()).resolves.toBe(
      "Referral letter",
    );
    await context.close();
  });
});
