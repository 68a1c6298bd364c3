// Issue #17 in a real browser: a file that is not text is refused next to the notes field and
// leaves the text as it was; the message goes as soon as the notes are fine; over-length notes
// say what to do in words, not only with a red counter.

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { seriousAccessibilityViolations } from "../support/axe";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const FIRST_NOTES = "Doctor: What brings you in today?\nPatient: A sore throat since Sunday.";
const GOOD_NOTES = "Doctor: How is the cough?\nPatient: Better, but I still get breathless on the stairs.";
const NOT_TEXT = "This file is not plain text. Save the notes as a .txt file (UTF-8) and try again.";

const app = appInBrowser();

const notesField = (page: Page) => page.getByLabel("Consultation transcript or notes");
const alertText = (page: Page) => page.locator("#notes-error").innerText();

async function expectNoMessage(page: Page): Promise<void> {
  await page.locator("#notes-error .form-error").waitFor({ state: "detached" });
  expect(await notesField(page).getAttribute("aria-invalid")).toBe("false");
  expect(await notesField(page).getAttribute("aria-describedby")).not.toContain("notes-error");
}

describe("the notes field in a real browser", () => {
  it("refuses a PNG renamed .txt, keeps the text, and clears the message once the notes are fine", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(app.server.url);
    await notesField(page).fill(FIRST_NOTES);

    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "scan.txt", mimeType: "text/plain", buffer: PNG });
    await page.getByRole("alert").filter({ hasText: NOT_TEXT }).waitFor();
    expect(await notesField(page).inputValue()).toBe(FIRST_NOTES);
    expect(await notesField(page).getAttribute("aria-invalid")).toBe("true");
    expect(await notesField(page).getAttribute("aria-describedby")).toContain("notes-error");
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page
      .locator(".card")
      .first()
      .screenshot({ path: screenshotPath("notes-file-refused.png") });

    // Pasting good notes clears it.
    await notesField(page).fill(GOOD_NOTES);
    await expectNoMessage(page);

    // So does loading a good file, which replaces the text.
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "scan.txt", mimeType: "text/plain", buffer: PNG });
    await page.getByRole("alert").filter({ hasText: NOT_TEXT }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({
      name: "visit.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Patiente : fièvre 🤒 depuis lundi."),
    });
    await expectNoMessage(page);
    expect(await notesField(page).inputValue()).toBe("Patiente : fièvre 🤒 depuis lundi.");
    await page.close();
  });

  it("says what to do with over-length notes, and keeps the button usable", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(app.server.url);
    await notesField(page).fill(`${GOOD_NOTES}\n${"x".repeat(100_000)}`);
    const message = await page
      .getByRole("alert")
      .filter({ hasText: "the limit is 100,000. Trim what the summary does not need, or split" })
      .innerText();
    expect(message).toMatch(/^The notes are 100,08\d characters;/);
    await page
      .locator(".card")
      .first()
      .screenshot({ path: screenshotPath("notes-over-length.png") });

    // Summarize is not disabled: it says why it will not post, and nothing is posted.
    const summarize = page.getByRole("button", { name: "Summarize" });
    expect(await summarize.isEnabled()).toBe(true);
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await summarize.click();
    expect(await alertText(page)).toBe(message);
    expect(posts).toEqual([]);
    expect(await notesField(page).evaluate((element) => element === document.activeElement)).toBe(true);

    // Trimmed to the limit, the message goes and the notes are summarized.
    await notesField(page).fill(GOOD_NOTES);
    await expectNoMessage(page);
    await summarize.click();
    await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    await page.close();
  });

  it("asks for notes when Summarize is clicked on an empty field, and stops asking once they are pasted", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(app.server.url);
    await page.getByRole("button", { name: "Summarize" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "Paste the consultation notes or transcript." })
      .waitFor();
    await notesField(page).fill(GOOD_NOTES);
    await expectNoMessage(page);
    await page.close();
  });
});
