// Reads a test server's database directly, as another process would: its SQLite file, or its
// PostgreSQL database in the postgres test run. SQL uses `?` placeholders in both.
import path from "node:path";

import Database from "better-sqlite3";
import pg from "pg";

import type { AppServer } from "./app-server";

type ServerDatabase = Pick<AppServer, "dataDir" | "databaseUrl">;

export async function queryServerDatabase<T>(
  server: ServerDatabase,
  sql: string,
  ...params: unknown[]
): Promise<T[]> {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      let index = 0;
      const { rows } = await client.query(
        sql.replace(/\?/g, () => `$${++index}`),
        params,
      );
      return rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(server.dataDir, "consult-summary.sqlite"));
  try {
    // SQLite stores times as epoch milliseconds.
    const values = params.map((value) => (value instanceof Date ? value.getTime() : value));
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...values) as T[];
    statement.run(...values);
    return [];
  } finally {
    db.close();
  }
}

/** The stored state of one summary. */
export async function storedSummaryRow(
  server: ServerDatabase,
  summaryId: string,
): Promise<{ status: string; text: string; error_code: string | null } | undefined> {
  const [row] = await queryServerDatabase<{ status: string; text: string; error_code: string | null }>(
    server,
    "select status, text, error_code from summaries where id = ?",
    summaryId,
  );
  return row;
}
