import { randomUUID } from "node:crypto";

import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";

import type { Consultation, Summary } from "../db/schema.server";
import type { Store } from "../db/store.server";
import type { FieldCipher } from "../security/field-encryption.server";
import { openConsultation } from "./consultation.server";

// Summary text is PHI: sealed on every write, opened on every read (see field-encryption.server.ts),
// bound to its row by the AAD. error_message is not PHI and stays plaintext.
const textContext = (id: string) => `summaries.text:${id}`;

/** A stored summary row with its text opened. */
export function openSummary(cipher: FieldCipher, row: Summary): Summary {
  return { ...row, text: cipher.open(row.text, textContext(row.id)) };
}

export interface SummaryOrigin {
  promptId: string;
  promptVersion: string;
  promptHash: string;
  provider: string;
  model: string;
}

export async function createSummary(
  store: Store,
  consultationId: string,
  origin: SummaryOrigin,
  status: "pending" | "streaming" = "pending",
  id: string = randomUUID(),
): Promise<Summary> {
  const { db, t } = store;
  const [row] = await db
    .insert(t.summaries)
    .values({
      id,
      consultationId,
      status,
      heartbeatAt: status === "streaming" ? new Date() : null,
      ...origin,
    })
    .returning();
  return openSummary(store.cipher, row!);
}

/** The summary and its consultation, only when the consultation belongs to `ownerId`. */
export async function getOwnedSummary(
  store: Store,
  {
    id,
    ownerId,
  }: {
    id: string;
    ownerId: string;
  },
): Promise<{ summary: Summary; consultation: Consultation } | undefined> {
  const { db, t } = store;
  const [row] = await db
    .select({ summary: t.summaries, consultation: t.consultations })
    .from(t.summaries)
    .innerJoin(t.consultations, eq(t.summaries.consultationId, t.consultations.id))
    .where(and(eq(t.summaries.id, id), eq(t.consultations.ownerId, ownerId)));
  return row
    ? {
        summary: openSummary(store.cipher, row.summary),
        consultation: openConsultation(store.cipher, row.consultation),
      }
    : undefined;
}

export async function getSummary(store: Store, id: string): Promise<Summary | undefined> {
  const { db, t } = store;
  const [row] = await db.select().from(t.summaries).where(eq(t.summaries.id, id));
  return row && openSummary(store.cipher, row);
}

export async function listSummaries(store: Store, consultationId: string): Promise<Summary[]> {
  const { db, t } = store;
  const rows = await db
    .select()
    .from(t.summaries)
    .where(eq(t.summaries.consultationId, consultationId))
    .orderBy(desc(t.summaries.createdAt));
  return rows.map((row) => openSummary(store.cipher, row));
}

/** Moves a pending summary to streaming; false when someone else (any instance) already started it. */
export async function claimPendingSummary(store: Store, id: string): Promise<boolean> {
  const { db, t } = store;
  const claimed = await db
    .update(t.summaries)
    .set({ status: "streaming", heartbeatAt: new Date() })
    .where(and(eq(t.summaries.id, id), eq(t.summaries.status, "pending")))
    .returning({ id: t.summaries.id });
  return claimed.length === 1;
}

// Rows per statement for writes that touch every running summary: SQLite runs a statement
// synchronously, so one for a thousand summaries would hold every stream up for several
// milliseconds; batches of this size take about one, and the event loop gets a turn between them.
// Far below both databases' limits on bound parameters.
const BATCH_ROWS = 100;

/** Runs `write` for consecutive batches of `items`, letting the event loop in between. */
async function inBatches<T>(items: readonly T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_ROWS) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    await write(items.slice(start, start + BATCH_ROWS));
  }
}

/**
 * Saves the partial text of summaries still being written, one statement per batch of rows. Rows
 * no longer `streaming` are left alone: a save that arrives after finishSummary must not put
 * older text back.
 */
export async function saveStreamingTexts(
  store: Store,
  entries: ReadonlyArray<{ id: string; text: string }>,
): Promise<void> {
  const { db, t } = store;
  await inBatches(entries, async (batch) => {
    const texts = sql.join(
      batch.map(({ id, text }) => sql`when ${id} then ${store.cipher.seal(text, textContext(id))}`),
      sql` `,
    );
    await db
      .update(t.summaries)
      .set({ text: sql`case ${t.summaries.id} ${texts} end`, heartbeatAt: new Date() })
      .where(
        and(
          inArray(
            t.summaries.id,
            batch.map(({ id }) => id),
          ),
          eq(t.summaries.status, "streaming"),
        ),
      );
  });
}

/** Tells other instances that these summaries are still being written here. */
export async function touchSummaries(store: Store, ids: string[]): Promise<void> {
  const { db, t } = store;
  await inBatches(ids, (batch) =>
    db
      .update(t.summaries)
      .set({ heartbeatAt: new Date() })
      .where(and(inArray(t.summaries.id, batch), eq(t.summaries.status, "streaming"))),
  );
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

/** Stores how a summary ended. Undefined when it no longer exists (deleted or purged meanwhile). */
export async function finishSummary(
  store: Store,
  id: string,
  outcome: SummaryOutcome,
): Promise<Summary | undefined> {
  const { db, t } = store;
  const [row] = await db
    .update(t.summaries)
    .set({ ...outcome, text: store.cipher.seal(outcome.text, textContext(id)), finishedAt: new Date() })
    .where(eq(t.summaries.id, id))
    .returning();
  return row && openSummary(store.cipher, row);
}

/**
 * Summaries left `streaming` by a writer that stopped (crash, lost instance) keep their partial
 * text and say why they stopped. `silentSince`: only those whose writer has not saved or touched
 * them since then (omit it to mark every one, when no other writer can exist); `ids`: only these.
 * Returns the ids it marked.
 */
export async function markInterruptedSummaries(
  store: Store,
  { silentSince, ids }: { silentSince?: Date; ids?: string[] } = {},
): Promise<string[]> {
  const { db, t } = store;
  const stale = silentSince
    ? or(isNull(t.summaries.heartbeatAt), lt(t.summaries.heartbeatAt, silentSince))
    : undefined;
  const marked = await db
    .update(t.summaries)
    .set({
      status: "failed",
      errorCode: "interrupted",
      errorMessage:
        "The server stopped while this summary was being written. The text so far is saved: press Regenerate to write it in full.",
      finishedAt: new Date(),
    })
    .where(and(eq(t.summaries.status, "streaming"), stale, ids ? inArray(t.summaries.id, ids) : undefined))
    .returning({ id: t.summaries.id });
  return marked.map((row) => row.id);
}
