import { existsSync } from "node:fs";

import { chromium, type Browser } from "playwright-core";

const CANDIDATES = [process.env.CHROME_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Launches the system Chromium (browser downloads do not work here). */
export async function launchSystemChromium(): Promise<Browser> {
  const executablePath = CANDIDATES.find((candidate) => candidate && existsSync(candidate));
  if (!executablePath) {
    throw new Error("No Chromium found: install it with `apt-get install -y chromium` or set CHROME_PATH.");
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
