import type { Database, Statement } from "better-sqlite3";

/**
 * Makes `prepare` reuse statements by SQL text. Drizzle asks better-sqlite3 to prepare every query
 * it runs, and compiling SQL cost more than running it for our short statements; the same query
 * shape always has the same text, with the values bound separately. Least recently used
 * statements beyond `capacity` are dropped (texts with variable `IN (?, …)` lists vary).
 */
export function cacheStatements(sqlite: Database, capacity = 256): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement) {
      statements.delete(source);
      // Drizzle switches a statement to raw (array) rows when it maps columns itself; the next
      // user of the same text may expect objects.
      if (statement.reader) statement.raw(false);
    } else {
      statement = prepare(source);
      if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
    }
    statements.set(source, statement);
    return statement;
  }) as Database["prepare"];
}
