import { randomUUID } from "node:crypto";

import { and, desc, eq, inArray, sql } from "drizzle-orm";

import { getDb, type AppDatabase } from "../db/client.server";
import { consultations, summaries, type Consultation, type Summary } from "../db/schema.server";
import { openText, sealText } from "../security/field-encryption.server";
import { openConsultation } from "./consultation.server";

// Summary text is PHI: sealed on every write, opened on every read (see field-encryption.server.ts),
// bound to its row by the AAD. error_message is not PHI and stays plaintext.
const textContext = (id: string) => `summaries.text:${id}`;

/** A stored summary row with its text opened. */
export function openSummary(row: Summary): Summary {
  return { ...row, text: openText(row.text, textContext(row.id)) };
}

export interface SummaryOrigin {
  promptId: string;
  promptVersion: string;
  promptHash: string;
  provider: string;
  model: string;
}

export function createSummary(
  consultationId: string,
  origin: SummaryOrigin,
  status: "pending" | "streaming" = "pending",
): Summary {
  const row = getDb()
    .insert(summaries)
    .values({ id: randomUUID(), consultationId, status, ...origin })
    .returning()
    .get();
  return openSummary(row);
}

/** The summary and its consultation, only when the consultation belongs to `ownerId`. */
export function getOwnedSummary({
  id,
  ownerId,
}: {
  id: string;
  ownerId: string;
}): { summary: Summary; consultation: Consultation } | undefined {
  const row = getDb()
    .select({ summary: summaries, consultation: consultations })
    .from(summaries)
    .innerJoin(consultations, eq(summaries.consultationId, consultations.id))
    .where(and(eq(summaries.id, id), eq(consultations.ownerId, ownerId)))
    .get();
  return row
    ? { summary: openSummary(row.summary), consultation: openConsultation(row.consultation) }
    : undefined;
}

export function getSummary(id: string): Summary | undefined {
  const row = getDb().select().from(summaries).where(eq(summaries.id, id)).get();
  return row && openSummary(row);
}

export function listSummaries(consultationId: string): Summary[] {
  return getDb()
    .select()
    .from(summaries)
    .where(eq(summaries.consultationId, consultationId))
    .orderBy(desc(summaries.createdAt))
    .all()
    .map(openSummary);
}

/** Moves a pending summary to streaming; false when someone else already started it. */
export function claimPendingSummary(id: string): boolean {
  const result = getDb()
    .update(summaries)
    .set({ status: "streaming" })
    .where(and(eq(summaries.id, id), eq(summaries.status, "pending")))
    .run();
  return result.changes === 1;
}

// Saved every 250 ms for every summary being written: the statement is prepared once per
// database connection instead of being built and prepared on every save.
const saveTextStatements = new WeakMap<AppDatabase, ReturnType<typeof prepareSaveText>>();

function prepareSaveText(db: AppDatabase) {
  return db
    .update(summaries)
    .set({ text: sql`${sql.placeholder("text")}` })
    .where(eq(summaries.id, sql.placeholder("id")))
    .prepare();
}

export function saveSummaryText(id: string, text: string): void {
  const db = getDb();
  let statement = saveTextStatements.get(db);
  if (!statement) {
    statement = prepareSaveText(db);
    saveTextStatements.set(db, statement);
  }
  statement.run({ id, text: sealText(text, textContext(id)) });
}

export interface SummaryOutcome {
  status: "complete" | "failed" | "cancelled";
  text: string;
  inputTokens?: number;
  outputTokens?: number;
  tokensEstimated?: boolean;
  costUsd?: number | null;
  ttftMs?: number | null;
  latencyMs: number;
  errorCode?: string;
  errorMessage?: string;
}

export function finishSummary(id: string, outcome: SummaryOutcome): Summary {
  const row = getDb()
    .update(summaries)
    .set({ ...outcome, text: sealText(outcome.text, textContext(id)), finishedAt: new Date() })
    .where(eq(summaries.id, id))
    .returning()
    .get();
  // No row when the consultation was deleted or purged while the summary was being written.
  return row && openSummary(row);
}

/** After a crash, summaries left mid-stream keep their partial text and say why they stopped. */
export function markInterruptedSummaries(): number {
  return getDb()
    .update(summaries)
    .set({
      status: "failed",
      errorCode: "interrupted",
      errorMessage: "The server stopped while this summary was being written.",
      finishedAt: new Date(),
    })
    .where(inArray(summaries.status, ["streaming"]))
    .run().changes;
}
