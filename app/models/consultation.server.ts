import { randomUUID } from "node:crypto";

import { and, desc, eq } from "drizzle-orm";

import { getDb } from "../db/client.server";
import { consultations, summaries, type Consultation, type SummaryStatus } from "../db/schema.server";

export function createConsultation(input: { ownerId: string; notes: string; title?: string }): Consultation {
  return getDb()
    .insert(consultations)
    .values({ id: randomUUID(), ownerId: input.ownerId, notes: input.notes, title: input.title || null })
    .returning()
    .get();
}

export function getConsultation({ id, ownerId }: { id: string; ownerId: string }): Consultation | undefined {
  return getDb()
    .select()
    .from(consultations)
    .where(and(eq(consultations.id, id), eq(consultations.ownerId, ownerId)))
    .get();
}

export interface ConsultationListItem {
  id: string;
  title: string | null;
  preview: string;
  createdAt: Date;
  latestStatus: SummaryStatus | null;
}

const PREVIEW_LENGTH = 90;

export function listConsultations({ ownerId, limit = 50 }: { ownerId: string; limit?: number }) {
  const rows = getDb()
    .select({
      id: consultations.id,
      title: consultations.title,
      notes: consultations.notes,
      createdAt: consultations.createdAt,
    })
    .from(consultations)
    .where(eq(consultations.ownerId, ownerId))
    .orderBy(desc(consultations.createdAt))
    .limit(limit)
    .all();
  return rows.map((row): ConsultationListItem => ({
    id: row.id,
    title: row.title,
    preview: row.notes.slice(0, PREVIEW_LENGTH).replace(/\s+/g, " ").trim(),
    createdAt: row.createdAt,
    latestStatus: latestSummaryStatus(row.id),
  }));
}

function latestSummaryStatus(consultationId: string): SummaryStatus | null {
  const row = getDb()
    .select({ status: summaries.status })
    .from(summaries)
    .where(eq(summaries.consultationId, consultationId))
    .orderBy(desc(summaries.createdAt))
    .limit(1)
    .get();
  return row?.status ?? null;
}
