import { describe, expect, it } from "vitest";

import { parseSummaryMarkdown } from "../../app/summaries/summary-markdown";
import { deltaText, openSse } from "../support/sse";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

const app = appInBrowser();

function visibleSummaryText(markdown: string): string[] {
  return parseSummaryMarkdown(markdown).flatMap((block) =>
    block.kind === "list" ? block.items : [block.text],
  );
}

describe("a clinician in a real browser", () => {
  it("loads the example, submits it and sees every streamed delta rendered under its sections", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(app.server.url);
    expect(await page.getByText("Local mode — no sign-in.").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Load example" }).click();
    await page.getByLabel("Title or patient reference (optional)").fill("Example: cough and fever");
    expect(await page.getByLabel("Consultation transcript or notes").inputValue()).toContain("Doctor:");
    await page.getByRole("button", { name: "Summarize" }).click();

    await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath("consultation-done.png"), fullPage: true });

    const summaryId = await page.locator(".summary-panel").getAttribute("data-summary-id");
    expect(summaryId).toMatch(/^[0-9a-f-]{36}$/);
    const replay = await openSse(`${app.server.url}/resources/summaries/${summaryId}/stream`);
    await replay.finished;
    const stored = deltaText(replay.events);

    // Every delta the server sent is on screen: none was dropped between renders. (The flags of
    // the check against the notes sit beside the lines they flag; they are not summary text.)
    const rendered = await page
      .locator(".summary-text")
      .locator("h3, li, p")
      .evaluateAll((elements) =>
        elements.map((element) => {
          const copy = element.cloneNode(true) as HTMLElement;
          for (const flag of copy.querySelectorAll(".verify-flag")) flag.remove();
          return copy.textContent!.trim();
        }),
      );
    expect(rendered).toEqual(visibleSummaryText(stored));
    expect(await page.locator(".summary-text h3").allInnerTexts()).toContain("Chief complaint");
    expect(await page.getByRole("button", { name: "Regenerate" }).isVisible()).toBe(true);

    await page.goto(app.server.url);
    expect(await page.getByRole("link", { name: /Example: cough and fever/ }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath("consultations-list.png"), fullPage: true });
    await page.close();
  });

  it("searches the list in place: the patient reference goes in no URL and no history entry", async () => {
    const page = await app.browser.newPage();
    for (const title of ["Mrs Findable, bed 12", "Mr Elsewhere, bed 14"]) {
      await page.goto(app.server.url);
      await page.getByLabel("Title or patient reference (optional)").fill(title);
      await page.getByLabel("Consultation transcript or notes").fill("Patient: a cough for three days.");
      await page.getByRole("button", { name: "Summarize" }).click();
      await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    }
    await page.goto(app.server.url);
    const list = page.locator(".consultation-list");
    await list.getByRole("link", { name: /Mr Elsewhere/ }).waitFor();
    const historyLength = await page.evaluate(() => window.history.length);

    await page.getByRole("searchbox", { name: "Search by title or patient reference" }).fill("findable");
    await page.getByRole("button", { name: "Search" }).click();
    await list.getByRole("link", { name: /Mr Elsewhere/ }).waitFor({ state: "detached" });
    expect(await list.getByRole("link").allInnerTexts()).toEqual([expect.stringContaining("Mrs Findable")]);
    expect(page.url()).toBe(`${app.server.url}/`);
    expect(await page.evaluate(() => window.history.length)).toBe(historyLength);

    await page.getByRole("searchbox", { name: "Search by title or patient reference" }).fill("nobody here");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("Nothing matches “nobody here”.").waitFor();
    await page.getByRole("button", { name: "Show all consultations" }).click();
    await list.getByRole("link", { name: /Mr Elsewhere/ }).waitFor();
    expect(page.url()).toBe(`${app.server.url}/`);
    await page.close();
  });

  it("shows pasted script and onerror payloads as text and never runs them", async () => {
    const page = await app.browser.newPage();
    await page.goto(app.server.url);
    const payload =
      'Patient: <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> I have a rash after penicillin.';
    await page.getByLabel("Consultation transcript or notes").fill(payload);
    await page.getByRole("button", { name: "Summarize" }).click();
    await page.waitForURL(/\/consultations\//);
    await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator(".notes-text").innerText()).toContain(
      '<img src=x onerror="window.__pwned = 2">',
    );
    expect(await page.locator(".summary-text img, .notes-text img, .notes-text script").count()).toBe(0);
    await page.close();
  });

  it("fits a tablet-width screen", async () => {
    const page = await app.browser.newPage({ viewport: { width: 768, height: 1024 } });
    await page.goto(app.server.url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath("new-consultation-tablet.png"), fullPage: true });
    await page.close();
  });
});
