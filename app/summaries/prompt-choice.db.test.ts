// One rule for the prompt version a new summary is written with, through the form and through
// the API: the deployed version for everyone, another one for admins only. The committed prompts
// have a single version, so the routes run in this process (real database, real Clerk token
// verification) with a catalog that adds an undeployed v90.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { commitCsrfToken } from "../auth/csrf.server";
import { loadPromptCatalog, promptsDir, SUMMARY_PROMPT_ID } from "@consult-summary/core/prompts";
import { action as apiAction } from "../routes/api.consultation";
import { action as formAction } from "../routes/_index";
import { closeServices, createServices, type Services } from "../services.server";
import { APP_ORIGIN, createTestClerk, type TestClerk } from "../../test/support/clerk";
import { releaseDatabase, testConfig, testStore, useDatabase } from "../../test/support/in-process-database";
import { parseSse } from "../../test/support/sse";

let clerk: TestClerk;
let services: Services;

/** The committed prompts plus a v90 that is neither released nor deployed. */
function catalogWithUndeployedV2() {
  const dir = mkdtempSync(path.join(tmpdir(), "prompts-"));
  cpSync(promptsDir(), dir, { recursive: true });
  const v1 = readFileSync(path.join(dir, SUMMARY_PROMPT_ID, "v1.md"), "utf8");
  writeFileSync(path.join(dir, SUMMARY_PROMPT_ID, "v90.md"), v1.replace("version: v1", "version: v90"));
  return loadPromptCatalog(SUMMARY_PROMPT_ID, dir);
}

beforeAll(async () => {
  clerk = createTestClerk();
  await useDatabase({ env: clerk.env });
  services = createServices(testConfig(), testStore(), { prompts: catalogWithUndeployedV2() });
});

afterAll(async () => {
  await closeServices(services, "The test is over.");
  await releaseDatabase();
});

function bearer(role?: string): string {
  return `Bearer ${clerk.sign({ sub: `user_${role ?? "clinician"}`, ...(role ? { metadata: { role } } : {}) })}`;
}

function args(request: Request): ActionFunctionArgs {
  return { request, params: {}, context: { services } };
}

function askApi(authorization: string, promptVersion: string): Promise<Response> {
  const request = new Request(`${APP_ORIGIN}/api/consultation`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({ notes: "Patient: a dry cough for a week.", promptVersion }),
  });
  return apiAction(args(request));
}

async function askForm(authorization: string, promptVersion: string): Promise<Response> {
  const [token, setCookie] = await commitCsrfToken(services.csrf, new Request(APP_ORIGIN));
  const request = new Request(`${APP_ORIGIN}/?index`, {
    method: "POST",
    headers: { authorization, cookie: setCookie!.split(";")[0]! },
    body: new URLSearchParams({ csrf: token, notes: "Patient: a dry cough for a week.", promptVersion }),
  });
  try {
    return await formAction(args(request));
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("choosing a prompt version", () => {
  it("refuses a clinician another version than the deployed one, through the API and the form alike", async () => {
    const api = await askApi(bearer(), "v90");
    expect(api.status).toBe(403);
    expect(await errorCode(api)).toBe("prompt_version_not_allowed");

    const form = await askForm(bearer(), "v90");
    expect(form.status).toBe(403);
    expect(await errorCode(form)).toBe("prompt_version_not_allowed");
  });

  it("answers a version that does not exist with 422 on both paths", async () => {
    for (const response of [await askApi(bearer("admin"), "v9"), await askForm(bearer(), "v9")]) {
      expect(response.status).toBe(422);
      expect(await errorCode(response)).toBe("unknown_prompt_version");
    }
  });

  it("gives a clinician who names the deployed version that version", async () => {
    const response = await askApi(bearer(), "v1");
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(events[0]).toMatchObject({ event: "meta", data: { promptVersion: "v1" } });
  });

  it("lets an admin try the undeployed version", async () => {
    const response = await askApi(bearer("admin"), "v90");
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(events[0]).toMatchObject({ event: "meta", data: { promptVersion: "v90" } });
    expect(events.at(-1)!.event).toBe("done");

    const form = await askForm(bearer("admin"), "v90");
    expect(form.status).toBe(302);
  });
});
