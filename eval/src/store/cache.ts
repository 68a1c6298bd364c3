import { eq, sql } from "drizzle-orm";

import type { EvalDatabase } from "./db";
import { evalCache } from "./schema";

const INSERT_CHUNK = 500;

export type CachedOutput = typeof evalCache.$inferSelect;

/** A lookup prepared once per run: building the query for each of thousands of cases costs more than running it. */
export function prepareCacheLookup(db: EvalDatabase): (key: string) => CachedOutput | undefined {
  const statement = db
    .select()
    .from(evalCache)
    .where(eq(evalCache.key, sql.placeholder("key")))
    .prepare();
  return (key) => statement.get({ key });
}

export function putCachedOutputs(db: EvalDatabase, entries: CachedOutput[]): void {
  if (entries.length === 0) return;
  db.transaction((tx) => {
    for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
      tx.insert(evalCache)
        .values(entries.slice(start, start + INSERT_CHUNK))
        .onConflictDoNothing()
        .run();
    }
  });
}
