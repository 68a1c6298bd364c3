// A reviewer in a real browser rates queue items with the keyboard alone (1–5, Enter), and the
// ratings land in the eval store; the draft referral letter is picked on /review and rated the same
// way, and both pages pass the axe scan at desktop and at 820 px tablet width without a horizontal
// scroll. Local mode: the one local user is an admin, who may review.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

import { appInBrowser, screenshotPath } from "../support/app-in-browser";
import { startAppServer } from "../support/app-server";
import { seriousAccessibilityViolations } from "../support/axe";

const ROOT = path.resolve(import.meta.dirname, "../..");

let evalDb: string;

/** The eval CLI's runs of seven cases (the clinical note and the draft letter), then the server over them. */
const app = appInBrowser(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "consult-summary-review-e2e-"));
  evalDb = path.join(dir, "eval.sqlite");
  const dataset = path.join(dir, "cases.jsonl");
  const lines = readFileSync(path.join(ROOT, "datasets/consultations.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean);
  writeFileSync(dataset, `${lines.slice(0, 7).join("\n")}\n`);
  const evalCli = (args: string[]) =>
    execFileSync(process.execPath, ["eval/scripts/eval.ts", ...args], {
      cwd: ROOT,
      env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, EVAL_DB: evalDb },
      stdio: "pipe",
    });
  evalCli(["run", "--prompt", "v1", "--dataset", dataset, "--provider", "embedded"]);
  evalCli(["--prompt-id", "referral-letter", "run", "--prompt", "v1", "--dataset", dataset]);
  return startAppServer({ env: { EVAL_DB: evalDb } });
});

describe("a reviewer in a real browser", () => {
  it("rates five queue items with only the keys 1–5 and Enter", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${app.server.url}/review`);
    await page.getByRole("heading", { name: "Prompt versions" }).waitFor();
    expect(
      await page.locator('tr[data-prompt-id="consultation-summary"][data-version="v1"]').innerText(),
    ).toContain("deployed");
    await page.screenshot({ path: screenshotPath("review-versions.png"), fullPage: true });

    await page.getByRole("link", { name: "Review queue" }).first().click();
    await page.waitForURL(/\/review\/queue\?version=v1$/);
    await page.locator('form[data-shortcuts="on"]').waitFor();
    await page.screenshot({ path: screenshotPath("review-queue.png"), fullPage: true });

    const keys = ["4", "5", "3", "1", "2"];
    const seen: string[] = [];
    for (const key of keys) {
      const form = page.locator('form[data-shortcuts="on"]');
      await form.waitFor();
      const caseId = (await form.locator('input[name="caseId"]').getAttribute("value"))!;
      expect(seen).not.toContain(caseId);
      seen.push(caseId);
      await page.keyboard.press(key);
      expect(await page.getByRole("radio", { checked: true }).getAttribute("value")).toBe(key);
      await page.keyboard.press("Enter");
      await page
        .locator(`form[data-shortcuts="on"] input[name="caseId"]:not([value="${caseId}"])`)
        .waitFor({ state: "attached" });
    }

    // Typing in the comment box is never taken for a shortcut.
    await page.getByLabel("Comment (optional)").click();
    await page.keyboard.type("3 lines, fine");
    await page.keyboard.press("Enter");
    expect(await page.getByRole("radio", { checked: true }).count()).toBe(0);
    expect(await page.getByLabel("Comment (optional)").inputValue()).toBe("3 lines, fine\n");

    const db = new Database(evalDb, { readonly: true });
    const rows = db
      .prepare("select case_id, clarity, source, rater from ratings order by rated_at")
      .all() as Array<{ case_id: string; clarity: number; source: string; rater: string }>;
    db.close();
    expect(rows.map((row) => [row.case_id, row.clarity])).toEqual(
      seen.map((id, index) => [id, Number(keys[index])]),
    );
    expect(new Set(rows.map((row) => `${row.source}/${row.rater}`))).toEqual(new Set(["web/local-user"]));
    expect(await page.locator(".review-page [role=status]").innerText()).toContain(
      "2 of 7 outputs left to rate",
    );
    await page.close();
  });

  it("picks the draft referral letter on /review and rates it with the keyboard, clean at desktop and tablet width", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Neither the page nor a review table may scroll sideways.
    const horizontalOverflow = () =>
      page.evaluate(() =>
        Math.max(
          document.documentElement.scrollWidth - document.documentElement.clientWidth,
          ...[...document.querySelectorAll(".review-table-wrap")].map(
            (wrap) => wrap.scrollWidth - wrap.clientWidth,
          ),
        ),
      );

    await page.goto(`${app.server.url}/review`);
    const letter = page.getByRole("region", { name: /Referral letter/ });
    await letter.getByRole("heading", { name: /draft — not deployed/ }).waitFor();
    expect(await letter.locator('tr[data-version="v1"]').innerText()).toContain("needs 20 more ratings");
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("review-note-types-desktop.png"), fullPage: true });

    await page.setViewportSize({ width: 820, height: 1180 });
    expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("review-note-types-tablet.png"), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    await letter.getByRole("link", { name: "Review queue: Referral letter v1" }).click();
    await page.waitForURL(/\/review\/queue\?promptId=referral-letter&version=v1$/);
    const form = page.locator('form[data-shortcuts="on"]');
    await form.waitFor();
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(
      "Review queue: v1 (Referral letter, draft)",
    );
    expect(await page.locator(".review-output").innerText()).toContain("Dear colleague");
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({
      path: screenshotPath("review-queue-letter-desktop.png"),
      fullPage: true,
    });

    await page.setViewportSize({ width: 820, height: 1180 });
    expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("review-queue-letter-tablet.png"), fullPage: true });

    const caseId = (await form.locator('input[name="caseId"]').getAttribute("value"))!;
    await page.keyboard.press("5");
    expect(await page.getByRole("radio", { checked: true }).getAttribute("value")).toBe("5");
    await page.keyboard.press("Enter");
    await page
      .locator(`form[data-shortcuts="on"] input[name="caseId"]:not([value="${caseId}"])`)
      .waitFor({ state: "attached" });
    expect(await page.locator(".review-page [role=status]").innerText()).toContain(
      "6 of 7 outputs left to rate",
    );

    const db = new Database(evalDb, { readonly: true });
    const rows = db
      .prepare(
        "select prompt_id, prompt_version, case_id, clarity from ratings where prompt_id = 'referral-letter'",
      )
      .all();
    db.close();
    expect(rows).toEqual([
      { prompt_id: "referral-letter", prompt_version: "v1", case_id: caseId, clarity: 5 },
    ]);

    await page.goto(`${app.server.url}/review`);
    expect(await letter.locator('tr[data-version="v1"]').innerText()).toContain("needs 19 more ratings");
    await page.close();
  });
});
