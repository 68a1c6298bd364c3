// Getting the note out (issue #17): a toolbar in reach while a long summary scrolls, Copy as plain
// text for an EHR field (whole note and per section), Copy and Edit for a stopped or failed
// summary's partial text, and print with the summary first, its flags and reasons, notes on request.

import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";

import { startFakeOpenAI, tokensOf, type FakeOpenAI } from "@consult-summary/core/testing";
import { startAppServer } from "../support/app-server";
import { seriousAccessibilityViolations } from "../support/axe";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

const SECTIONS: [string, string[]][] = [
  ["Chief complaint", ["Cough for ten days with shortness of breath on the stairs."]],
  [
    "History of present illness",
    [
      "Thick green phlegm, mostly in the mornings.",
      "Fever of 38.6 on Monday night with night sweats.",
      "Short of breath after one flight of stairs.",
      "No chest pain and no blood in the phlegm.",
      "Appetite reduced since the cough began.",
    ],
  ],
  [
    "Past medical history",
    ["Asthma since childhood, well controlled.", "High blood pressure for five years."],
  ],
  ["Medications", ["Ramipril 5 mg once a day.", "Salbutamol inhaler when needed."]],
  ["Allergies", ["Penicillin causes a rash."]],
  [
    "Examination",
    [
      "Temperature 38.2 and oxygen saturation 95 percent on air.",
      "Crackles at the right lung base.",
      "Heart sounds normal.",
    ],
  ],
  ["Assessment", ["Probable chest infection, likely community acquired pneumonia."]],
  [
    "Plan",
    [
      "Chest X-ray today and blood tests including a full blood count and CRP.",
      "Doxycycline 200 mg twice a day for seven days.",
      "Paracetamol for the fever.",
    ],
  ],
  ["Follow-up", ["Review in two days, sooner if more breathless.", "Call the clinic if the fever persists."]],
];
const MODEL_SUMMARY = SECTIONS.map(([title, lines]) =>
  [`## ${title}`, ...lines.map((line) => `- ${line}`)].join("\n"),
).join("\n\n");
// The notes say everything the summary says, but the dose is 100 mg: the check flags the 200.
const NOTES = [
  "Doctor: What brings you in today?",
  "Patient: I have had a cough for ten days and I get short of breath on the stairs, after one flight of stairs.",
  "Patient: Thick green phlegm, mostly in the mornings. I had a fever of 38.6 on Monday night with night sweats.",
  "Patient: No chest pain and no blood in the phlegm. My appetite is reduced since the cough began.",
  "Patient: I have asthma since childhood, well controlled, and high blood pressure for five years.",
  "Patient: I take ramipril 5 mg once a day and a salbutamol inhaler when needed. Penicillin causes a rash.",
  "Doctor: Temperature 38.2 and oxygen saturation 95 percent on air. Crackles at the right lung base. Heart sounds normal.",
  "Doctor: This is probably a chest infection, likely community acquired pneumonia.",
  "Doctor: Chest X-ray today and blood tests including a full blood count and CRP.",
  "Doctor: I will prescribe doxycycline 100 mg twice a day for seven days, and paracetamol for the fever.",
  "Doctor: Review in two days, sooner if more breathless. Call the clinic if the fever persists.",
].join("\n");

let fake: FakeOpenAI;

const app = appInBrowser(async () => {
  fake = await startFakeOpenAI({ defaultStep: { type: "stream", tokens: tokensOf(MODEL_SUMMARY) } });
  return startAppServer({
    env: { OPENAI_API_KEY: "sk-e2e", OPENAI_BASE_URL: fake.url, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" },
  });
});

afterAll(async () => {
  await fake?.close();
});

async function clipboardContext(width: number, height = 800): Promise<BrowserContext> {
  const context = await app.browser.newContext({ viewport: { width, height } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.server.url });
  return context;
}

async function submit(page: Page, title: string): Promise<void> {
  await page.goto(app.server.url);
  await page.getByLabel("Title or patient reference (optional)").fill(title);
  await page.getByLabel("Consultation transcript or notes").fill(NOTES);
  await page.getByRole("button", { name: "Summarize" }).click();
  await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
}

const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Copy note from the toolbar, once it says "Copied": what went on the clipboard. */
async function copyNote(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Copy note", exact: true }).click();
  await page.locator(".summary-toolbar").getByRole("status").filter({ hasText: "Copied" }).first().waitFor();
  return readClipboard(page);
}

/** The toolbar's box lies inside the viewport, below the Summary | Notes tabs where they show. */
async function toolbarInView(page: Page): Promise<boolean> {
  return page.locator(".summary-toolbar").evaluate((toolbar) => {
    const box = toolbar.getBoundingClientRect();
    const tabs = document.querySelector(".view-tabs");
    const tabsBottom =
      tabs && getComputedStyle(tabs).display !== "none" ? tabs.getBoundingClientRect().bottom : 0;
    return box.height > 0 && box.top >= tabsBottom - 0.5 && box.bottom <= window.innerHeight;
  });
}

describe("getting the note out, in a real browser", () => {
  it("keeps the toolbar in view over a long summary at desktop and tablet widths", async () => {
    for (const width of [1280, 820]) {
      const context = await clipboardContext(width, 700);
      const page = await context.newPage();
      await submit(page, "Cough review");
      await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });
      await page.locator(".verify-flag").first().waitFor();

      // Scroll until the Follow-up section is in view: the first sections are far above it by then.
      await page.locator(".summary-text h3", { hasText: "Follow-up" }).scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 150));
      const firstHeadingBottom = await page
        .locator(".summary-text h3")
        .first()
        .evaluate((heading) => heading.getBoundingClientRect().bottom);
      expect(firstHeadingBottom, `width ${width}`).toBeLessThan(0);
      expect(await toolbarInView(page), `width ${width}`).toBe(true);
      await page.screenshot({ path: screenshotPath(`note-out-scrolled-${width}.png`) });

      // Keyboard: Tab from the summary's last line reaches no toolbar control, so start before it.
      await page.getByRole("button", { name: "Copy note", exact: true }).focus();
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Download");
      await page.keyboard.press("Enter");
      expect(await page.getByRole("link", { name: "FHIR DocumentReference" }).isVisible()).toBe(true);
      expect(await toolbarInView(page)).toBe(true);
      await context.close();
    }
  });

  it("copies one section and the whole note as plain text, and the note as Markdown on request", async () => {
    const context = await clipboardContext(1280);
    const page = await context.newPage();
    await submit(page, "Cough review");
    await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });

    const copyPlan = page.getByRole("button", { name: "Copy Plan", exact: true });
    await copyPlan.click();
    await page
      .locator(".section-copy", { has: copyPlan })
      .getByRole("status")
      .filter({ hasText: "Copied" })
      .waitFor();
    expect(await readClipboard(page)).toBe(SECTIONS.find(([title]) => title === "Plan")![1].join("\n"));

    const plain = await copyNote(page);
    expect(plain).toBe(
      `${SECTIONS.map(([title, lines]) => [`${title}:`, ...lines].join("\n")).join("\n\n")}\n`,
    );
    expect(plain).not.toMatch(/•|^- |^#|Generated by|[A-Z]{5,}/m);

    await page.getByRole("button", { name: "Copy as Markdown" }).click();
    await page.waitForFunction(async () => (await navigator.clipboard.readText()).startsWith("## "));
    const markdown = await readClipboard(page);
    expect(markdown).toContain("## Plan\n- Chest X-ray today");
    expect(markdown).not.toContain("Generated by");
    await context.close();
  });

  it("shows each flag's reason next to its line, as the line's description for screen readers", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await submit(page, "Cough review");
    await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });
    const flagged = page.locator(".summary-item.weak", { hasText: "Doxycycline 200 mg" });
    await flagged.waitFor();
    const flag = "Check against the notes: the notes never say 200; the notes give doxycycline 100 mg";
    expect(await page.locator(".verify-flag").allInnerTexts()).toContain(flag);
    const description = await flagged.evaluate((item) =>
      (item.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .map((id) => document.getElementById(id)?.textContent)
        .join(" "),
    );
    expect(description).toBe(flag);
    await page.close();
  });

  it("prints the summary first with its flags, and the notes only when ticked", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await submit(page, "Cough review");
    await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });
    await page.locator(".verify-flag").first().waitFor();

    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".summary-text").isVisible()).toBe(true);
    expect(await page.locator(".notes-text").isVisible()).toBe(false);
    expect(await page.locator(".summary-toolbar").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Copy Plan" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Regenerate" }).isVisible()).toBe(false);
    const flag = page.locator(".verify-flag", { hasText: "the notes never say 200" });
    expect(await flag.isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: "Cough review" }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath("note-out-print.png"), fullPage: true });

    await page.emulateMedia({ media: "screen" });
    await page.getByLabel("Include notes in print").check();
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".notes-text").isVisible()).toBe(true);
    const top = (selector: string) =>
      page.locator(selector).evaluate((node) => node.getBoundingClientRect().top);
    const summaryBottom = await page
      .locator(".summary-column")
      .evaluate((node) => node.getBoundingClientRect().bottom);
    expect(await top("h1")).toBeLessThan(await top(".summary-column"));
    expect(summaryBottom).toBeLessThanOrEqual(await top(".notes-text"));
    await page.screenshot({ path: screenshotPath("note-out-print-with-notes.png"), fullPage: true });
    await page.close();
  });

  it("offers Copy and Edit for a stopped summary's partial text, and for a failed one's", async () => {
    const context = await clipboardContext(1280);
    const page = await context.newPage();
    fake.script({ type: "stream", tokens: tokensOf(MODEL_SUMMARY), tokenDelayMs: 60 });
    await submit(page, "Stopped early");
    await page.locator(".summary-text li").first().waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Stop" }).click();
    await page.getByRole("status").filter({ hasText: "Stopped" }).waitFor();
    // Downloads and Send to EHR take the latest complete summary: not offered for a stopped one.
    expect(await page.locator(".summary-toolbar summary", { hasText: "Download" }).count()).toBe(0);
    expect(await page.locator(".summary-toolbar").isVisible()).toBe(true);

    const copied = await copyNote(page);
    expect(copied.startsWith("Chief complaint:\n")).toBe(true);
    expect(copied.length).toBeLessThan(MODEL_SUMMARY.length - 100);
    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const partial = await page.getByLabel(/Edit the summary/).inputValue();
    expect(partial.startsWith("## Chief complaint")).toBe(true);
    expect(partial.length).toBeLessThan(MODEL_SUMMARY.length - 100);
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("note-out-stopped.png") });

    fake.script({
      type: "stream",
      tokens: tokensOf(MODEL_SUMMARY),
      failAfterTokens: 30,
      failMode: "error-event",
    });
    await submit(page, "Failed midway");
    await page.getByRole("status").filter({ hasText: "Failed" }).waitFor({ timeout: 20_000 });
    expect(await page.locator(".summary-text").innerText()).toContain("Chief complaint");
    await page.getByRole("button", { name: "Copy note", exact: true }).click();
    await page.waitForFunction(async () => (await navigator.clipboard.readText()) !== "");
    expect(await readClipboard(page)).not.toBe(copied);
    expect(await page.getByRole("button", { name: "Edit", exact: true }).isVisible()).toBe(true);
    await context.close();
  });
});
