// Issue #17's "done when", with the keyboard alone at desktop and tablet width: summarize a visit,
// check a line against its source, edit the note, copy a section, print, and send it to a FHIR
// server (a fake one speaking the real REST and SMART backend-services protocol). No clicks and no
// focus() shortcuts: every control is reached by Tab, Shift+Tab and the arrow keys, counted.

import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";

import { startAppServer } from "../support/app-server";
import { seriousAccessibilityViolations } from "../support/axe";
import { startFakeEhr, type FakeFhirServer } from "../support/fake-fhir-server";
import { LONG_ASR_VISIT } from "../support/long-asr-visit";
import { queryServerDatabase } from "../support/server-database";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

/** Enough presses to cross any page here once; a control further away than this is a defect. */
const MAX_PRESSES = 40;
/** The clinician's own words, typed into the note and expected everywhere the note goes. */
const EDITED_LINE = "Discussed red flags; the patient repeated them back correctly.";

let fhir: FakeFhirServer;
const app = appInBrowser(async () => {
  const ehr = await startFakeEhr();
  fhir = ehr.fhir;
  return startAppServer({ env: { ...ehr.env, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
});

afterAll(async () => {
  await fhir?.close();
});

interface Focused {
  tag: string;
  text: string;
  name: string;
  label: string;
  id: string;
  className: string;
  role: string;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      tag: element?.tagName ?? "",
      text: element?.textContent?.trim() ?? "",
      name: element?.getAttribute("name") ?? "",
      label: element?.getAttribute("aria-label") ?? "",
      id: element?.id ?? "",
      className: typeof element?.className === "string" ? element.className : "",
      role: element?.getAttribute("role") ?? "",
    };
  });

/** Presses `key` until the focused element matches, failing after MAX_PRESSES presses. */
async function pressUntil(page: Page, key: string, what: string, matches: (element: Focused) => boolean) {
  for (let presses = 0; presses <= MAX_PRESSES; presses++) {
    if (matches(await focused(page))) return presses;
    await page.keyboard.press(key);
  }
  throw new Error(
    `${key} did not reach ${what} in ${MAX_PRESSES} presses (at ${JSON.stringify(await focused(page))})`,
  );
}
const tabUntil = (page: Page, what: string, matches: (element: Focused) => boolean) =>
  pressUntil(page, "Tab", what, matches);
const shiftTabUntil = (page: Page, what: string, matches: (element: Focused) => boolean) =>
  pressUntil(page, "Shift+Tab", what, matches);
/** Waits until the focus is where `matches` says (focus moves in effects after a key press). */
async function expectFocus(page: Page, what: string, matches: (element: Focused) => boolean) {
  await expect
    .poll(async () => matches(await focused(page)), { message: `focus on ${what}`, timeout: 10_000 })
    .toBe(true);
}
const button = (text: string) => (element: Focused) => element.tag === "BUTTON" && element.text === text;
const isSummaryLine = (element: Focused) => element.className.includes("summary-item");

/** The page's window.print records its calls: the print dialog lies outside the page. */
async function keyboardContext(width: number): Promise<BrowserContext> {
  const context = await app.browser.newContext({ viewport: { width, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.server.url });
  await context.addInitScript(() => {
    const calls = { count: 0 };
    (window as unknown as { printCalls: typeof calls }).printCalls = calls;
    window.print = () => void calls.count++;
  });
  return context;
}

const inViewport = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  });

/** The marked sentence lies inside the notes box's visible part (the box scrolls on its own on a desktop). */
const markInsideNotesBox = (page: Page) =>
  page.locator(".notes-text mark").evaluate((mark) => {
    const box = mark.closest(".notes-text")!.getBoundingClientRect();
    const marked = mark.getBoundingClientRect();
    return marked.height > 0 && marked.top >= box.top - 1 && marked.top < box.bottom;
  });

async function summarizeVisit(page: Page, width: number) {
  await page.goto(app.server.url);
  await tabUntil(page, "the title field", (element) => element.name === "title");
  await page.keyboard.type(`Back pain review ${width}`);
  await tabUntil(page, "the notes field", (element) => element.name === "notes");
  await page.keyboard.insertText(LONG_ASR_VISIT);
  await tabUntil(page, "Summarize", button("Summarize"));
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
  await page.getByRole("status").filter({ hasText: "Done in" }).waitFor({ timeout: 30_000 });
  // The lines become buttons once the server has checked the text against the notes.
  await page.locator("button.summary-item").first().waitFor({ timeout: 20_000 });
  expect(await seriousAccessibilityViolations(page), `axe at ${width}`).toEqual([]);
  await page.screenshot({ path: screenshotPath(`keyboard-only-done-${width}.png`) });
}

/** Reaches the summary's lines, moves along them with the arrows and shows one line's source. */
async function checkALine(page: Page, width: number, narrow: boolean) {
  await tabUntil(page, "the summary's lines", isSummaryLine);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const line = await focused(page);
  expect(isSummaryLine(line)).toBe(true);
  // Roving tab index: the arrows moved the one Tab stop along the lines.
  expect(await page.locator('.summary-item[tabindex="0"]').count()).toBe(1);
  expect(await page.locator('.summary-item[tabindex="0"]').getAttribute("aria-label")).toBe(line.label);
  await page.keyboard.press("Enter");

  const chosen = page.locator('.summary-item[aria-current="true"]');
  expect(await chosen.count()).toBe(1);
  expect(await chosen.getAttribute("aria-label")).toBe(line.label);
  const mark = page.locator(".notes-text mark");
  const marked = await mark.innerText();
  expect(marked.trim().length).toBeGreaterThan(10);
  expect(LONG_ASR_VISIT).toContain(marked);
  // The sentence that says what the line says (the writer rewords it: one of its longer words is there).
  const words = line.text.toLowerCase().match(/[a-z]{6,}/g) ?? [];
  expect(
    words.some((word) => marked.toLowerCase().includes(word)),
    `${line.text} / ${marked}`,
  ).toBe(true);
  await expect.poll(() => inViewport(page, ".notes-text mark")).toBe(true);
  await expect.poll(() => markInsideNotesBox(page)).toBe(true);

  if (!narrow) {
    // Side by side: the line keeps the focus, in view.
    await expectFocus(page, "the chosen line", (element) => element.label === line.label);
    expect(await inViewport(page, '.summary-item[aria-current="true"]')).toBe(true);
    return;
  }
  // On a tablet the Notes tab opens on the sentence, and the focus goes with it, not to the page.
  expect(await page.getByRole("tab", { name: "Notes" }).getAttribute("aria-selected")).toBe("true");
  expect(await page.locator(".summary-column").isVisible()).toBe(false);
  await expectFocus(page, "the notes", (element) => element.label === "Consultation notes");
  await page.screenshot({ path: screenshotPath(`keyboard-only-source-${width}.png`) });
  expect(await seriousAccessibilityViolations(page), `axe on the Notes tab at ${width}`).toEqual([]);
  await shiftTabUntil(page, "Back to summary", button("← Back to summary"));
  await page.keyboard.press("Enter");
  expect(await page.getByRole("tab", { name: "Summary" }).getAttribute("aria-selected")).toBe("true");
  await expectFocus(page, "the chosen line", (element) => element.label === line.label);
  await expect.poll(() => inViewport(page, '.summary-item[aria-current="true"]')).toBe(true);
}

/** The skip link comes first and lands on the summary, switching to its tab when Notes is open. */
async function skipToSummary(page: Page, narrow: boolean) {
  if (narrow) {
    await shiftTabUntil(page, "the Summary tab", (element) => element.role === "tab");
    await page.keyboard.press("ArrowRight");
    expect(await page.getByRole("tab", { name: "Notes" }).getAttribute("aria-selected")).toBe("true");
    expect(await page.locator(".summary-column").isVisible()).toBe(false);
  }
  await shiftTabUntil(page, "the skip link", (element) => element.text === "Skip to summary");
  await page.keyboard.press("Enter");
  await expectFocus(page, "the summary", (element) => element.id === "summary-panel");
  expect(await page.locator(".summary-column").isVisible()).toBe(true);
  if (narrow) {
    expect(await page.getByRole("tab", { name: "Summary" }).getAttribute("aria-selected")).toBe("true");
  }
}

/** Edit: the focus goes into the editor and, after saving, back to Edit; the revision shows. */
async function editTheNote(page: Page): Promise<string> {
  await tabUntil(page, "Edit", button("Edit"));
  await page.keyboard.press("Enter");
  await expectFocus(page, "the editor", (element) => element.tag === "TEXTAREA" && element.name === "text");
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(`- ${EDITED_LINE}`);
  const edited = await page.locator(".summary-editor textarea").inputValue();
  expect(edited.endsWith(`\n- ${EDITED_LINE}`)).toBe(true);
  await tabUntil(page, "Save edit", button("Save edit"));
  await page.keyboard.press("Enter");
  await page.getByText("Edited by you; the model's original is kept.").waitFor();
  await expectFocus(page, "Edit", button("Edit"));
  expect(await page.locator(".summary-text").innerText()).toContain(EDITED_LINE);
  // The chosen line went with the old text, and its sentence is no longer marked in the notes.
  expect(await page.locator('.summary-item[aria-current="true"]').count()).toBe(0);
  expect(await page.locator(".notes-text mark").count()).toBe(0);
  return edited;
}

/** The last section of a Markdown-lite note: its title and its lines as plain text. */
function lastSection(note: string): { title: string; lines: string } {
  const [title, ...lines] = note.split(/^## /m).at(-1)!.trim().split("\n");
  return {
    title: title!.trim(),
    lines: lines
      .map((line) => line.trim().replace(/^- /, ""))
      .filter(Boolean)
      .join("\n"),
  };
}

/** Copies the section holding the edit and finds exactly its lines on the clipboard. */
async function copyEditedSection(page: Page, edited: string) {
  const section = lastSection(edited);
  expect(section.lines).toContain(EDITED_LINE);
  const name = `Copy ${section.title}`;
  await tabUntil(page, name, (element) => element.tag === "BUTTON" && element.label === name);
  await page.keyboard.press("Enter");
  await page
    .locator(".section-copy", { has: page.getByRole("button", { name, exact: true }) })
    .getByRole("status")
    .filter({ hasText: "Copied" })
    .waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(section.lines);
}

/** Print from the toolbar, notes included: the summary is printed first, then the notes. */
async function printTheNote(page: Page, width: number) {
  await shiftTabUntil(
    page,
    "Include notes in print",
    (element) => element.className === "print-notes-toggle",
  );
  await page.keyboard.press("Space");
  expect(await page.getByLabel("Include notes in print").isChecked()).toBe(true);
  await shiftTabUntil(page, "Print", button("Print"));
  await page.keyboard.press("Enter");
  expect(
    await page.evaluate(() => (window as unknown as { printCalls: { count: number } }).printCalls.count),
  ).toBe(1);

  await page.emulateMedia({ media: "print" });
  const box = (selector: string) =>
    page.locator(selector).evaluate((element) => {
      const { top, bottom, height } = element.getBoundingClientRect();
      return { top, bottom, height };
    });
  const [summary, notes] = [await box(".summary-column"), await box(".notes-text")];
  expect(summary.height).toBeGreaterThan(0);
  expect(notes.height).toBeGreaterThan(0);
  expect(summary.bottom).toBeLessThanOrEqual(notes.top);
  expect(await page.locator(".summary-text").innerText()).toContain(EDITED_LINE);
  await page.screenshot({ path: screenshotPath(`keyboard-only-print-${width}.png`), fullPage: true });
  await page.emulateMedia({ media: "screen" });
}

interface AuditRow {
  action: string;
  outcome: string;
  detail: string | null;
  http_status: number | null;
  remote_id: string | null;
}

/** Send to EHR: one DocumentReference with the edited note arrives, the page says so, the audit has no PHI. */
async function sendToEhr(page: Page, edited: string) {
  const documentsBefore = fhir.documents.length;
  await shiftTabUntil(page, "Send to EHR", button("Send to EHR"));
  await page.keyboard.press("Enter");
  // Announced inline, in a polite live region beside the button.
  const sent = page.getByRole("status").filter({ hasText: "Sent to the EHR" });
  await sent.waitFor();
  expect(fhir.documents).toHaveLength(documentsBefore + 1);
  const received = fhir.documents.at(-1)!;
  expect(await sent.innerText()).toBe(`Sent to the EHR (DocumentReference/${received.id}).`);
  await expectFocus(page, "Send to EHR", button("Send to EHR"));

  expect(received.body).toMatchObject({
    resourceType: "DocumentReference",
    type: { coding: [{ system: "http://loinc.org", code: "11506-3" }] },
  });
  const [content] = received.body.content as { attachment: { contentType: string; data: string } }[];
  expect(content!.attachment.contentType).toBe("text/markdown; charset=utf-8");
  const note = Buffer.from(content!.attachment.data, "base64").toString("utf8");
  expect(note).toContain(EDITED_LINE);
  expect(note).toContain(lastSection(edited).title);

  const summaryId = await page.locator(".summary-panel").getAttribute("data-summary-id");
  const audit = await queryServerDatabase<AuditRow>(
    app.server,
    "select * from audit_events where action = 'fhir_push' and summary_id = ? order by id",
    summaryId,
  );
  expect(audit.map((row) => [row.outcome, row.detail, row.http_status, row.remote_id])).toEqual([
    ["allowed", "attempt", null, null],
    ["allowed", "created", 201, received.id],
  ]);
  // Nothing the audit log holds for this consultation, the push or any other action, quotes it.
  const everything = await queryServerDatabase<AuditRow>(
    app.server,
    "select * from audit_events where consultation_id = (select consultation_id from summaries where id = ?)",
    summaryId,
  );
  expect(everything.length).toBeGreaterThan(audit.length);
  const logged = JSON.stringify(everything).toLowerCase();
  for (const words of [EDITED_LINE, "lumbar", "ibuprofen", "back pain review"]) {
    expect(logged).not.toContain(words.toLowerCase());
  }
}

describe("the whole note with the keyboard alone", () => {
  for (const { width, narrow } of [
    { width: 1280, narrow: false },
    { width: 820, narrow: true },
  ]) {
    it(`summarizes, checks, edits, copies a section, prints and sends to the EHR at ${width} px`, async () => {
      const context = await keyboardContext(width);
      const page = await context.newPage();
      await summarizeVisit(page, width);
      await checkALine(page, width, narrow);
      await skipToSummary(page, narrow);
      const edited = await editTheNote(page);
      await page.screenshot({ path: screenshotPath(`keyboard-only-edited-${width}.png`) });
      await copyEditedSection(page, edited);
      await printTheNote(page, width);
      await sendToEhr(page, edited);
      expect(await seriousAccessibilityViolations(page), `axe after sending at ${width}`).toEqual([]);
      await page.screenshot({ path: screenshotPath(`keyboard-only-sent-${width}.png`) });
      await context.close();
    });
  }
});
