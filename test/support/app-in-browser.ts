import { mkdirSync } from "node:fs";
import path from "node:path";

import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

import { startAppServer, type AppServer } from "./app-server";
import { launchSystemChromium } from "./browser";

/** Where browser tests leave the screenshots a person looks at. */
export const SCREENSHOTS = path.resolve(import.meta.dirname, "../e2e/screenshots");

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS, name);
}

/** The app and Chromium of one test file; a test that restarts the server puts the new one here. */
export interface AppInBrowser {
  server: AppServer;
  browser: Browser;
}

/**
 * Starts the built server (by `start`, the embedded defaults unless given) and Chromium before the
 * file's tests, and stops both after them.
 */
export function appInBrowser(start: () => Promise<AppServer> = () => startAppServer()): AppInBrowser {
  const app = {} as AppInBrowser;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [app.server, app.browser] = await Promise.all([start(), launchSystemChromium()]);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}
