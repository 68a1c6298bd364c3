// Which database the app under test used, for the report: what it logged at start-up when it
// says, else what this build can use.
import { readFileSync } from "node:fs";

/** The URL with any password hidden. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export function buildReadsDatabaseUrl(buildFile: URL): boolean {
  return readFileSync(buildFile, "utf8").includes("DATABASE_URL");
}

/**
 * Describes the database from the app's "services ready" log line (a `database` field if the
 * build logs one), the DATABASE_URL given, and whether the build reads DATABASE_URL at all.
 */
export function describeAppDatabase(
  serverOutput: string,
  databaseUrl: string | undefined,
  readsDatabaseUrl: boolean,
): string {
  const ready = serverOutput.split("\n").find((line) => line.includes('"services ready"'));
  const fields = ready ? (JSON.parse(ready) as Record<string, unknown>) : {};
  const logged = Object.entries(fields).filter(([key]) => /database|db/i.test(key));
  if (logged.length > 0)
    return `app logged ${logged.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(", ")}`;
  const sqlite = `SQLite in ${String(fields.dataDir ?? "DATA_DIR")}`;
  if (!databaseUrl) return `${sqlite} (no --database-url)`;
  return readsDatabaseUrl
    ? `DATABASE_URL=${redactUrl(databaseUrl)} given; the app did not log which database it opened`
    : `${sqlite}: DATABASE_URL=${redactUrl(databaseUrl)} was passed, but this build does not read DATABASE_URL`;
}
