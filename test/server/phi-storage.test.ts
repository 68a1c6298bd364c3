// How note and summary text is stored: sealed at rest when DATA_ENCRYPTION_KEY is set, really gone
// from the database file after deletion, purged after RETENTION_HOURS, and an audit log that
// outlives the consultations it describes. Runs the models in-process against real SQLite files.
import { randomBytes, randomUUID } from "node:crypto";
import { statSync } from "node:fs";

import path from "node:path";

import { afterAll, afterEach, describe, expect, it } from "vitest";

import {
  auditEventBatches,
  purgeOldAuditEvents,
  recordAudit,
  type AuditEvent,
} from "../../app/models/audit.server";
import {
  assertStoredTextReadable,
  createConsultation,
  deleteConsultation,
  getConsultation,
  listConsultations,
  purgeExpiredConsultations,
} from "../../app/models/consultation.server";
import {
  createSummary,
  finishSummary,
  getOwnedSummary,
  getSummary,
  listSummaries,
  saveStreamingTexts,
} from "../../app/models/summary.server";
import { FieldEncryptionError } from "../../app/security/field-encryption.server";
import { runRetentionPurge, startRetentionSchedule } from "../../app/security/retention.server";

import { runServerExpectingExit, startAppServer, type AppServer } from "../support/app-server";
import { deltaText, openSse } from "../support/sse";
import {
  onDisk,
  releaseDatabase,
  storedAnywhere,
  storedRows,
  TEST_SUMMARY_ORIGIN,
  testConfig,
  testStore,
  textInPostgresRows,
  useDatabase,
} from "../support/in-process-database";

const HOUR = 60 * 60 * 1000;

/** A unique string that can only be in the file if our text is. */
const marker = (label: string) => `${label}-${randomUUID()}`;

/** The batches in which the audit log is read, newest entry first. */
async function auditBatches(options: Parameters<typeof auditEventBatches>[1] = {}): Promise<AuditEvent[][]> {
  const batches: AuditEvent[][] = [];
  for await (const batch of auditEventBatches(testStore(), options)) batches.push(batch);
  return batches;
}

async function listAuditEvents(range: { from?: Date; to?: Date } = {}): Promise<AuditEvent[]> {
  return (await auditBatches(range)).flat();
}

async function writeConsultationWithSummary(
  ownerId: string,
  notes: string,
  title: string,
  summaryText: string,
) {
  const consultation = await createConsultation(testStore(), { ownerId, notes, title });
  const summary = await createSummary(testStore(), consultation.id, TEST_SUMMARY_ORIGIN, "streaming");
  await saveStreamingTexts(testStore(), [{ id: summary.id, text: summaryText.slice(0, 20) }]);
  await finishSummary(testStore(), summary.id, { status: "complete", text: summaryText, latencyMs: 5 });
  return { consultation, summary };
}

/** The stop functions of the retention schedules a test started. */
const schedules: (() => void)[] = [];

afterEach(async () => {
  for (const stop of schedules.splice(0)) stop();
});

afterAll(releaseDatabase);

describe("encryption at rest", () => {
  it("keeps note, title and summary text out of the file and reads it back as plaintext", async () => {
    const key = randomBytes(32);
    const dataDir = await useDatabase({ key });
    const notes = `Patient seen today. ${marker("NOTE")} Plan: review. `.repeat(40);
    const title = marker("TITLE");
    const text = `## Plan\n- ${marker("SUMMARY")}\n`;
    const { consultation, summary } = await writeConsultationWithSummary("owner-1", notes, title, text);

    for (const value of [notes.slice(20, 70), title, text.slice(8)]) {
      expect(await storedAnywhere(value)).toBe(false);
    }
    const stored = await storedRows<{ notes: string; title: string }>(
      "select notes, title from consultations",
    );
    expect(stored[0]!.notes).toMatch(/^enc:v1:/);
    expect(stored[0]!.title).toMatch(/^enc:v1:/);
    expect((await storedRows<{ text: string }>("select text from summaries"))[0]!.text).toMatch(/^enc:v1:/);

    expect(consultation.notes).toBe(notes);
    expect(await getConsultation(testStore(), { id: consultation.id, ownerId: "owner-1" })).toMatchObject({
      notes,
      title,
    });
    expect((await listConsultations(testStore(), { ownerId: "owner-1" }))[0]).toMatchObject({
      title,
      preview: notes.slice(0, 90).replace(/\s+/g, " ").trim(),
      latestStatus: "complete",
    });
    expect((await getSummary(testStore(), summary.id))?.text).toBe(text);
    expect((await listSummaries(testStore(), consultation.id))[0]?.text).toBe(text);
    expect(await getOwnedSummary(testStore(), { id: summary.id, ownerId: "owner-1" })).toMatchObject({
      summary: { text },
      consultation: { notes, title },
    });

    // Reopened with the same key: still readable.
    await useDatabase({ key, dataDir });
    expect((await getConsultation(testStore(), { id: consultation.id, ownerId: "owner-1" }))?.notes).toBe(
      notes,
    );

    // With the wrong key or none, reads fail with an error that names no text.
    for (const wrong of [randomBytes(32), undefined]) {
      await useDatabase({ key: wrong, dataDir });
      await expect(getConsultation(testStore(), { id: consultation.id, ownerId: "owner-1" })).rejects.toThrow(
        FieldEncryptionError,
      );
      await expect(getSummary(testStore(), summary.id)).rejects.toThrow(FieldEncryptionError);
      await expect(assertStoredTextReadable(testStore())).rejects.toThrow(FieldEncryptionError);
      try {
        await getConsultation(testStore(), { id: consultation.id, ownerId: "owner-1" });
      } catch (error) {
        expect((error as Error).message).not.toContain("Patient");
      }
    }
  });

  it("still reads text written before the key was set, and seals what is written after", async () => {
    const dataDir = await useDatabase();
    const before = await createConsultation(testStore(), {
      ownerId: "owner-1",
      notes: `old ${marker("OLD")}`,
    });
    expect((await storedRows<{ notes: string }>("select notes from consultations"))[0]!.notes).toBe(
      before.notes,
    );

    await useDatabase({ key: randomBytes(32), dataDir });
    expect((await getConsultation(testStore(), { id: before.id, ownerId: "owner-1" }))?.notes).toBe(
      before.notes,
    );
    const after = await createConsultation(testStore(), {
      ownerId: "owner-1",
      notes: `new ${marker("NEW")}`,
    });
    expect((await getConsultation(testStore(), { id: after.id, ownerId: "owner-1" }))?.notes).toBe(
      after.notes,
    );
    expect(await storedAnywhere(after.notes)).toBe(false);
    await expect(assertStoredTextReadable(testStore())).resolves.toBeUndefined();
  });
});

describe("deletion", () => {
  // SQLite only: PostgreSQL's data files are not ours to scrub (see docs/deploy.md on encryption
  // at rest); on both, deleted rows are gone (revisions-and-ratings.test.ts).
  it.skipIf(process.env.TEST_DATABASE === "postgres")(
    "removes deleted text from the database file even without encryption (secure_delete + checkpoint)",
    async () => {
      const dataDir = await useDatabase();
      const noteMarker = marker("NOTE");
      const summaryMarker = marker("SUMMARY");
      // Long enough to spill into overflow pages as well as the row's own page.
      const notes = `History: ${noteMarker}. `.repeat(300);
      const { consultation } = await writeConsultationWithSummary(
        "owner-1",
        notes,
        marker("TITLE"),
        summaryMarker,
      );
      const keep = await createConsultation(testStore(), {
        ownerId: "owner-1",
        notes: "unrelated consultation",
      });
      // Some of it checkpointed into the main file, some still only in the WAL.
      await storedRows("PRAGMA wal_checkpoint(PASSIVE)");
      const regenerated = await createSummary(testStore(), consultation.id, TEST_SUMMARY_ORIGIN, "streaming");
      await saveStreamingTexts(testStore(), [{ id: regenerated.id, text: `${summaryMarker} regenerated` }]);
      expect(onDisk(dataDir, noteMarker)).toBe(true);
      expect(onDisk(dataDir, summaryMarker)).toBe(true);

      expect(await deleteConsultation(testStore(), { id: consultation.id, ownerId: "someone-else" })).toBe(
        false,
      );
      expect(onDisk(dataDir, noteMarker)).toBe(true);

      expect(await deleteConsultation(testStore(), { id: consultation.id, ownerId: "owner-1" })).toBe(true);
      expect(onDisk(dataDir, noteMarker)).toBe(false);
      expect(onDisk(dataDir, summaryMarker)).toBe(false);
      expect(statSync(`${path.join(dataDir, "consult-summary.sqlite")}-wal`).size).toBe(0);
      expect(await storedRows("select id from summaries")).toHaveLength(0);
      expect((await getConsultation(testStore(), { id: keep.id, ownerId: "owner-1" }))?.notes).toBe(
        "unrelated consultation",
      );
      expect(await deleteConsultation(testStore(), { id: consultation.id, ownerId: "owner-1" })).toBe(false);
    },
  );
});

describe("retention", () => {
  it("purges consultations older than RETENTION_HOURS with their summaries and keeps newer ones", async () => {
    await useDatabase({ env: { RETENTION_HOURS: "72" } });
    const oldMarker = marker("OLD");
    const old = await writeConsultationWithSummary(
      "owner-1",
      `old ${oldMarker}`,
      "old",
      `old summary ${oldMarker}`,
    );
    const fresh = await writeConsultationWithSummary("owner-1", "fresh notes", "fresh", "fresh summary");
    const now = Date.now();
    await storedRows(
      "update consultations set created_at = ? where id = ?",
      new Date(now - 73 * HOUR),
      old.consultation.id,
    );
    await storedRows(
      "update consultations set created_at = ? where id = ?",
      new Date(now - 71 * HOUR),
      fresh.consultation.id,
    );

    expect(await purgeExpiredConsultations(testStore(), testConfig().retentionHours, new Date(now))).toBe(1);
    expect(
      await getConsultation(testStore(), { id: old.consultation.id, ownerId: "owner-1" }),
    ).toBeUndefined();
    expect(await getSummary(testStore(), old.summary.id)).toBeUndefined();
    expect(
      (await getConsultation(testStore(), { id: fresh.consultation.id, ownerId: "owner-1" }))?.notes,
    ).toBe("fresh notes");
    expect((await getSummary(testStore(), fresh.summary.id))?.text).toBe("fresh summary");
    expect(await storedAnywhere(oldMarker)).toBe(false);
    expect(await purgeExpiredConsultations(testStore(), testConfig().retentionHours, new Date(now))).toBe(0);
    // Two hours later the other one is due too.
    expect(
      await purgeExpiredConsultations(testStore(), testConfig().retentionHours, new Date(now + 2 * HOUR)),
    ).toBe(1);
  });

  it("runs at startup, purges old audit entries, and audits the purge with counts only", async () => {
    await useDatabase({ env: { RETENTION_HOURS: "1", AUDIT_RETENTION_DAYS: "30" } });
    const old = await createConsultation(testStore(), { ownerId: "owner-1", notes: "old notes" });
    await storedRows(
      "update consultations set created_at = ? where id = ?",
      new Date(Date.now() - 2 * HOUR),
      old.id,
    );
    await recordAudit(testStore(), {
      actorId: "owner-1",
      actorRole: "clinician",
      action: "view",
      outcome: "allowed",
    });
    await storedRows("update audit_events set at = ?", new Date(Date.now() - 31 * 24 * HOUR));
    await recordAudit(testStore(), {
      actorId: "owner-1",
      actorRole: "clinician",
      action: "list",
      outcome: "allowed",
    });

    schedules.push(await startRetentionSchedule(testStore(), testConfig()));
    // A second schedule's first purge finds nothing more to delete, and audits nothing.
    schedules.push(await startRetentionSchedule(testStore(), testConfig()));
    expect(await getConsultation(testStore(), { id: old.id, ownerId: "owner-1" })).toBeUndefined();
    const events = await listAuditEvents();
    expect(events.map((event) => event.action)).toEqual(["purge", "list"]);
    expect(events[0]).toMatchObject({
      actorId: "system",
      outcome: "allowed",
      detail: "retention consultations=1 audit_events=1",
    });
    expect(await runRetentionPurge(testStore(), testConfig())).toEqual({ consultations: 0, auditEvents: 0 });
    expect(await listAuditEvents()).toHaveLength(2);
  });
});

describe("audit log", () => {
  it("outlives the consultations it describes and filters by time", async () => {
    await useDatabase();
    const { consultation, summary } = await writeConsultationWithSummary(
      "owner-1",
      "notes",
      "title",
      "summary",
    );
    await recordAudit(testStore(), {
      actorId: "owner-1",
      actorRole: "clinician",
      action: "view",
      outcome: "allowed",
      consultationId: consultation.id,
      summaryId: summary.id,
    });
    await recordAudit(testStore(), {
      actorId: "intruder",
      actorRole: "clinician",
      action: "view",
      outcome: "denied",
      consultationId: consultation.id,
      detail: "not_owner",
    });
    expect(await deleteConsultation(testStore(), { id: consultation.id, ownerId: "owner-1" })).toBe(true);
    await recordAudit(testStore(), {
      actorId: "owner-1",
      actorRole: "clinician",
      action: "delete",
      outcome: "allowed",
      consultationId: consultation.id,
    });

    const events = await listAuditEvents();
    expect(events).toHaveLength(3);
    expect(events.map((event) => [event.action, event.outcome])).toEqual([
      ["delete", "allowed"],
      ["view", "denied"],
      ["view", "allowed"],
    ]);
    expect(events.every((event) => event.consultationId === consultation.id)).toBe(true);
    expect(events[1]).toMatchObject({ actorId: "intruder", detail: "not_owner", summaryId: null });
    expect(await storedRows("select * from audit_events")).toHaveLength(3);

    const oneByOne = await auditBatches({ batchSize: 1 });
    expect(oneByOne.map((batch) => batch.map((event) => event.action))).toEqual([
      ["delete"],
      ["view"],
      ["view"],
    ]);
    expect(await listAuditEvents({ from: new Date(Date.now() + 60_000) })).toHaveLength(0);
    expect(await listAuditEvents({ to: new Date(Date.now() - 60_000) })).toHaveLength(0);
    expect(await listAuditEvents({ from: new Date(Date.now() - 60_000), to: new Date() })).toHaveLength(3);
    expect(await purgeOldAuditEvents(testStore(), testConfig().auditRetentionDays)).toBe(0);
  });
});

describe("the built server with DATA_ENCRYPTION_KEY", () => {
  it("streams and replays summaries while the files on disk hold no note or summary text", async () => {
    const key = randomBytes(32).toString("hex");
    const patient = marker("Patientname");
    const notes = `Doctor: Good morning ${patient}, what brings you in?\nPatient: I have had a cough for two weeks with green sputum and a fever of 38.5.\nDoctor: Any chest pain? Patient: No.\nDoctor: I will prescribe doxycycline 100 mg twice a day for seven days and see you in one week.`;
    const first = await startAppServer({ env: { DATA_ENCRYPTION_KEY: key } });
    let summaryId: string;
    let written: string;
    try {
      const stream = await openSse(`${first.url}/api/consultation`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ notes }),
      });
      await stream.finished;
      expect(stream.events.at(-1)?.event).toBe("done");
      summaryId = (stream.events[0]!.data as { summaryId: string }).summaryId;
      written = deltaText(stream.events);
      expect(written.length).toBeGreaterThan(20);
    } finally {
      await first.stop();
    }
    expect(await storedByServer(first, patient)).toBe(false);
    expect(await storedByServer(first, "green sputum")).toBe(false);
    const longestLine = written.split("\n").sort((a, b) => b.length - a.length)[0]!;
    expect(longestLine.length).toBeGreaterThan(15);
    expect(await storedByServer(first, longestLine)).toBe(false);

    const second = await startAppServer({ dataDir: first.dataDir, env: { DATA_ENCRYPTION_KEY: key } });
    try {
      const replay = await openSse(`${second.url}/resources/summaries/${summaryId}/stream`);
      await replay.finished;
      expect(deltaText(replay.events)).toBe(written);
    } finally {
      await second.stop();
    }

    // The wrong key stops the server at startup, without showing any stored text.
    const refused = await runServerExpectingExit({
      DATA_DIR: first.dataDir,
      DATA_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("DATA_ENCRYPTION_KEY");
    expect(refused.output).not.toContain(patient);
  });
});

/** Whether the text is stored in the server's database (see storedAnywhere). */
async function storedByServer(server: AppServer, text: string): Promise<boolean> {
  return server.database === "sqlite" ? onDisk(server.dataDir, text) : textInPostgresRows(server, text);
}
