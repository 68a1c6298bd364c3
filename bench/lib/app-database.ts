// Which database the app under test used, for the report: what it logged at start-up.

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

/** From the app's "services ready" log line: its `database` (and `dataDir` for SQLite). */
export function describeAppDatabase(serverOutput: string, databaseUrl: string | undefined): string {
  const ready = serverOutput.split("\n").find((line) => line.includes('"services ready"'));
  const fields = ready ? (JSON.parse(ready) as { database?: string; dataDir?: string }) : {};
  if (fields.database === "postgres" && databaseUrl) return `PostgreSQL at ${redactUrl(databaseUrl)}`;
  if (fields.database === "sqlite") return `SQLite in ${fields.dataDir ?? "DATA_DIR"}`;
  return `unknown: the app logged no database (${ready ? "old build?" : "no start-up line"})`;
}
