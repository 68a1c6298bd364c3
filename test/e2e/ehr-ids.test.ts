// The consultation page's "EHR ids" form in a real browser, by keyboard alone: it shows the ids
// given with the consultation, sets, changes and clears them, and the next FHIR download and Send
// to EHR (to a fake FHIR server speaking the real REST protocol) name what was last saved.
import { readFileSync } from "node:fs";

import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startAppServer } from "../support/app-server";
import { seriousAccessibilityViolations } from "../support/axe";
import { startFakeEhr, type FakeFhirServer } from "../support/fake-fhir-server";
import { appInBrowser, screenshotPath } from "../support/app-in-browser";

let fhir: FakeFhirServer;
let context: BrowserContext;
const app = appInBrowser(async () => {
  const ehr = await startFakeEhr();
  fhir = ehr.fhir;
  return startAppServer({ env: { ...ehr.env, SUMMARY_RATE_LIMIT_PER_MINUTE: "0" } });
});

beforeAll(async () => {
  context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await fhir?.close();
});

const current = (page: Page) => page.getByTestId("ehr-ids-current").innerText();

async function downloadDocumentReference(page: Page): Promise<Record<string, unknown>> {
  await page.getByText("Download", { exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "FHIR DocumentReference" }).click(),
  ]);
  await page.keyboard.press("Escape");
  return JSON.parse(readFileSync((await download.path())!, "utf8")) as Record<string, unknown>;
}

async function sendToEhr(page: Page): Promise<Record<string, unknown>> {
  const before = fhir.documents.length;
  const status = page.getByTestId("send-to-ehr-status");
  const previous = await status.innerText();
  await page.getByRole("button", { name: "Send to EHR" }).click();
  // Each push answers with the new resource's id, so the status changes every time.
  await status
    .filter({ hasText: "Sent to the EHR" })
    .filter({ hasNotText: previous || "\u0000" })
    .waitFor();
  expect(fhir.documents).toHaveLength(before + 1);
  return fhir.documents.at(-1)!.body;
}

/** Replaces a field's value by keyboard: focus, select all, type (an empty value clears it). */
async function typeInto(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label).focus();
  await page.keyboard.press("ControlOrMeta+A");
  if (value) await page.keyboard.type(value);
  else await page.keyboard.press("Delete");
}

describe("EHR ids on the consultation page", () => {
  it("shows the ids, sets, changes and clears them by keyboard; the next download and Send to EHR use them", async () => {
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.getByLabel("EHR encounter id (optional, FHIR)").fill("enc-1");
    await page.getByRole("button", { name: "Load example" }).click();
    await page.getByRole("button", { name: "Summarize" }).click();
    await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    await page.locator(".status-line").filter({ hasText: "Done in" }).waitFor({ timeout: 20_000 });
    expect(await current(page)).toBe("Encounter/enc-1");

    // Open the disclosure and fill it from the keyboard; Enter in a field saves.
    await page.locator(".ehr-ids > summary").focus();
    await page.keyboard.press("Enter");
    expect(await page.getByLabel("EHR encounter id (FHIR)").inputValue()).toBe("enc-1");
    await typeInto(page, "EHR patient id (FHIR)", "pat-42");
    await typeInto(page, "EHR encounter id (FHIR)", "enc.2");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "EHR ids saved." }).waitFor();
    expect(await current(page)).toBe("Patient/pat-42 · Encounter/enc.2");
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.locator(".summary-column").screenshot({ path: screenshotPath("ehr-ids-form.png") });

    expect(await downloadDocumentReference(page)).toMatchObject({
      subject: { reference: "Patient/pat-42" },
      context: { encounter: [{ reference: "Encounter/enc.2" }] },
    });
    expect(await sendToEhr(page)).toMatchObject({
      subject: { reference: "Patient/pat-42" },
      context: { encounter: [{ reference: "Encounter/enc.2" }] },
    });

    // A value that is not a FHIR id is not posted: the field says it is invalid, the ids stay.
    await typeInto(page, "EHR patient id (FHIR)", "Patient/42");
    await page.keyboard.press("Enter");
    expect(
      await page.getByLabel("EHR patient id (FHIR)").evaluate((input) => input.matches(":invalid")),
    ).toBe(true);
    expect(await current(page)).toBe("Patient/pat-42 · Encounter/enc.2");

    // Clearing the patient id: the next send names the encounter only.
    await typeInto(page, "EHR patient id (FHIR)", "");
    await page.keyboard.press("Enter");
    await page
      .getByTestId("ehr-ids-current")
      .filter({ hasText: /^Encounter\/enc\.2$/ })
      .waitFor();
    const sent = await sendToEhr(page);
    expect(sent.subject).toBeUndefined();
    expect(sent.context).toMatchObject({ encounter: [{ reference: "Encounter/enc.2" }] });

    // After a reload the page shows what was saved.
    await page.reload();
    expect(await current(page)).toBe("Encounter/enc.2");
  });
});
