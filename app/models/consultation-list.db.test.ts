// The clinician's consultation list: newest first, only their own, each with the status of its
// newest summary (read for the whole page at once), filtered and limited in the database, and
// never reading the notes.
import { randomBytes } from "node:crypto";

import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

import { createConsultation, listConsultations } from "./consultation.server";
import { createSummary, finishSummary } from "./summary.server";
import {
  releaseDatabase,
  storedRows,
  TEST_SUMMARY_ORIGIN,
  testStore,
  useDatabase,
  usingSqlite,
} from "../../test/support/in-process-database";

afterAll(releaseDatabase);

async function consultationWith(
  ownerId: string,
  title: string,
  outcomes: Array<"complete" | "failed" | "streaming">,
) {
  const consultation = await createConsultation(testStore(), { ownerId, title, notes: `Notes of ${title}.` });
  for (const outcome of outcomes) {
    const summary = await createSummary(testStore(), consultation.id, TEST_SUMMARY_ORIGIN, "streaming");
    if (outcome !== "streaming") {
      await finishSummary(testStore(), summary.id, { status: outcome, text: "Summary.", latencyMs: 3 });
    }
  }
  return consultation;
}

describe("listConsultations", () => {
  it("gives each of the owner's consultations its newest summary's status, newest consultation first", async () => {
    await useDatabase();
    await consultationWith("owner-1", "Bed 4", ["failed", "complete"]);
    await consultationWith("owner-1", "Bed 7", []);
    await consultationWith("owner-2", "Someone else's", ["complete"]);
    await consultationWith("owner-1", "Bed 9", ["complete", "failed", "streaming"]);

    const list = await listConsultations(testStore(), { ownerId: "owner-1" });

    expect(list.map(({ title, latestStatus }) => ({ title, latestStatus }))).toEqual([
      { title: "Bed 9", latestStatus: "streaming" },
      { title: "Bed 7", latestStatus: null },
      { title: "Bed 4", latestStatus: "complete" },
    ]);
    expect(list[0]!.preview).toBe("Notes of Bed 9.");
  });

  it("filters by title and limits the page before reading statuses", async () => {
    await useDatabase();
    for (const bed of [1, 2, 3]) await consultationWith("owner-1", `Ward B bed ${bed}`, ["failed"]);
    await consultationWith("owner-1", "Ward C bed 1", ["complete"]);

    const list = await listConsultations(testStore(), { ownerId: "owner-1", query: "ward b", limit: 2 });

    expect(list.map(({ title, latestStatus }) => [title, latestStatus])).toEqual([
      ["Ward B bed 3", "failed"],
      ["Ward B bed 2", "failed"],
    ]);
    expect(await listConsultations(testStore(), { ownerId: "nobody" })).toEqual([]);
  });
});

/** The SQL of every statement the store prepares from now on (both dialects go through here). */
function recordStatements(): string[] {
  const session = (
    testStore().db as unknown as { session: { prepareQuery(query: { sql: string }): unknown } }
  ).session;
  const statements: string[] = [];
  const prepare = session.prepareQuery.bind(session);
  vi.spyOn(session, "prepareQuery").mockImplementation((query: { sql: string }, ...rest: unknown[]) => {
    statements.push(query.sql);
    return (prepare as (...args: unknown[]) => unknown)(query, ...rest);
  });
  return statements;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each([
  ["plaintext", undefined],
  ["encrypted (DATA_ENCRYPTION_KEY)", randomBytes(32)],
])("the list of many large consultations, titles %s", (_label, key) => {
  const COUNT = 300;
  const notesOf = (index: number) =>
    `Doctor: Visit ${index}.\n  Patient:   a cough.\n${"Long history of the same. ".repeat(400)}`;

  it("pages, searches and previews from titles and stored previews, never reading a note", async () => {
    await useDatabase({ key });
    for (let index = 0; index < COUNT; index++) {
      // The three oldest are the only "Ward B" ones: a search must look past the newest.
      const title = index < 3 ? `Ward B bed ${index}` : `Bay ${index} Öst`;
      await createConsultation(testStore(), { ownerId: "owner-1", title, notes: notesOf(index) });
    }
    await createConsultation(testStore(), {
      ownerId: "owner-2",
      title: "Ward B, someone else's",
      notes: "Other.",
    });
    // Notes that cannot be opened: listing fails if it opens any.
    await storedRows("update consultations set notes = ?", "enc:v1:not-openable");
    const statements = recordStatements();

    const page = await listConsultations(testStore(), { ownerId: "owner-1" });
    expect(page).toHaveLength(50);
    expect(page[0]).toMatchObject({
      title: `Bay ${COUNT - 1} Öst`,
      preview: `Doctor: Visit ${COUNT - 1}. Patient: a cough. Long history of the same. Long history of the sam`,
    });
    expect(page.map((item) => item.title)).toEqual(
      Array.from({ length: 50 }, (_, index) => `Bay ${COUNT - 1 - index} Öst`),
    );

    const wardB = await listConsultations(testStore(), { ownerId: "owner-1", query: " WARD b ", limit: 2 });
    expect(wardB.map((item) => item.title)).toEqual(["Ward B bed 2", "Ward B bed 1"]);
    // Encrypted titles are matched here; plaintext ones by the database's lower(), which on
    // PostgreSQL follows its locale (the test cluster's is C: A to Z only).
    if (key || usingSqlite()) {
      expect(
        await listConsultations(testStore(), { ownerId: "owner-1", query: "öST", limit: 1 }),
      ).toHaveLength(1);
    }
    expect(await listConsultations(testStore(), { ownerId: "owner-1", query: "100%" })).toEqual([]);

    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((statement) => /\bnotes\b/i.test(statement))).toEqual([]);
    const readsOfConsultations = statements.filter((statement) => /from "consultations"/i.test(statement));
    expect(readsOfConsultations.filter((statement) => !/\blimit\b/i.test(statement))).toEqual([]);
  });
});

describe("consultations stored before previews were", () => {
  it("show the start of their notes, read for those rows only", async () => {
    await useDatabase();
    const older = await createConsultation(testStore(), {
      ownerId: "owner-1",
      title: "Older",
      notes: "Patient:  older\nnotes.",
    });
    await createConsultation(testStore(), {
      ownerId: "owner-1",
      title: "Newer",
      notes: "Patient: newer notes.",
    });
    await storedRows("update consultations set preview = null where id = ?", older.id);

    const list = await listConsultations(testStore(), { ownerId: "owner-1" });

    expect(list.map(({ title, preview }) => [title, preview])).toEqual([
      ["Newer", "Patient: newer notes."],
      ["Older", "Patient: older notes."],
    ]);
  });
});
