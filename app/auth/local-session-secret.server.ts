import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const FILE = "session-secret";

/**
 * Local mode's secret for this app's signed cookies, kept in DATA_DIR beside the database (readable
 * by this user only) so that a restart does not invalidate the forms of pages left open: a form
 * posted with an old token would otherwise be refused, and an edit in progress with it.
 */
export function localSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
}
