import { createHash } from "node:crypto";

import { DatasetError, loadDataset, parseDataset } from "../../src/datasets/load-dataset";
import { jsonl, makeTempDir, problemsOf, type WriteFixture } from "./helpers";

const good = {
  id: "a",
  notes: "Doctor: Hello.\nPatient: I have a cough.",
  reference: "## Chief complaint\n- Cough.",
};

let write: WriteFixture;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ write, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe("loadDataset", () => {
  it("loads canonical lines, ignores blank lines and hashes the file bytes", async () => {
    const text = jsonl(
      good,
      "",
      "   ",
      { id: "b", notes: "n", reference: "r", section: "PLAN", tags: ["gp", "transcript"] },
      { id: "c", notes: "n", reference: "r", section: null },
    );
    const file = await write("ok.jsonl", text);
    const { cases, hash } = await loadDataset(file);
    expect(cases).toEqual([
      good,
      { id: "b", notes: "n", reference: "r", section: "PLAN", tags: ["gp", "transcript"] },
      { id: "c", notes: "n", reference: "r" },
    ]);
    expect(hash).toBe(createHash("sha256").update(text).digest("hex"));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts CRLF line endings and a BOM", async () => {
    const file = await write(
      "crlf.jsonl",
      "\uFEFF" + JSON.stringify(good) + "\r\n\r\n" + JSON.stringify({ ...good, id: "z" }) + "\r\n",
    );
    expect((await loadDataset(file)).cases.map((c) => c.id)).toEqual(["a", "z"]);
  });

  it("accepts the shared public-corpus form: dialogue → notes, source and split → tags", async () => {
    const file = await write(
      "shared.jsonl",
      jsonl(
        {
          id: "mts-dialog-train-0",
          source: "mts-dialog",
          split: "train",
          section: "GENHX",
          dialogue: "Doctor: Hi.",
          reference: "Ref.",
        },
        {
          id: "aci-bench-valid-aci-D2N1",
          source: "aci-bench",
          split: "valid",
          section: null,
          dialogue: "[doctor] hi",
          reference: "CHIEF COMPLAINT",
        },
      ),
    );
    expect((await loadDataset(file)).cases).toEqual([
      {
        id: "mts-dialog-train-0",
        notes: "Doctor: Hi.",
        reference: "Ref.",
        section: "GENHX",
        tags: ["mts-dialog", "train"],
      },
      {
        id: "aci-bench-valid-aci-D2N1",
        notes: "[doctor] hi",
        reference: "CHIEF COMPLAINT",
        tags: ["aci-bench", "valid"],
      },
    ]);
  });

  it("reports every bad line with its file, line number and reason, skipping none", async () => {
    const file = await write(
      "bad.jsonl",
      jsonl(
        good, // 1
        "{not json", // 2
        "[1, 2]", // 3
        { id: "m", notes: "n" }, // 4: missing reference
        { id: "e", notes: "   ", reference: "r" }, // 5: whitespace notes
        { id: "f", notes: "n", reference: "" }, // 6: empty reference
        { id: "g", notes: "n", refrence: "r" }, // 7: typo
        { id: 7, notes: "n", reference: "r" }, // 8: wrong type
        "", // 9: blank, fine
        { id: "h", notes: "n", reference: "r", tags: "gp" }, // 10: tags not an array
        { id: "i", notes: "n", reference: "r", section: "" }, // 11: empty section
        { id: "j", source: "mts-dialog", split: "train", dialogue: "d", reference: "r" }, // 12: shared, no section
        { id: "k", notes: "n", reference: "r", colour: "blue" }, // 13: unknown field
        "null", // 14
        { ...good, id: "ok-2" }, // 15: fine
      ),
    );
    const problems = await problemsOf(() => loadDataset(file));
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14]);
    expect(problems.every((p) => p.file === file)).toBe(true);
    const reason = (line: number) => problems.find((p) => p.line === line)!.reason;
    expect(reason(2)).toMatch(/^invalid JSON/);
    expect(reason(3)).toMatch(/expected a JSON object, found an array/);
    expect(reason(4)).toMatch(/missing required field "reference"/);
    expect(reason(5)).toMatch(/"notes" must not be empty/);
    expect(reason(6)).toMatch(/"reference" must not be empty/);
    expect(reason(7)).toMatch(/unknown field "refrence" \(did you mean "reference"\?\)/);
    expect(reason(7)).toMatch(/missing required field "reference"/);
    expect(reason(8)).toMatch(/"id" expected string, received number/);
    expect(reason(10)).toMatch(/"tags" expected array/);
    expect(reason(11)).toMatch(/"section" must not be empty/);
    expect(reason(12)).toMatch(/missing required field "section".*shared corpus form/);
    expect(reason(13)).toBe('unknown field "colour" (canonical form)');
    expect(reason(14)).toMatch(/found null/);
  });

  it("the error message lists file:line: reason", async () => {
    const file = await write("msg.jsonl", jsonl(good, { id: "b", notes: "", reference: "r" }));
    await expect(loadDataset(file)).rejects.toThrow(DatasetError);
    await expect(loadDataset(file)).rejects.toThrow(`${file}:2: "notes" must not be empty`);
  });

  it("reports duplicate ids naming both lines", async () => {
    const file = await write(
      "dup.jsonl",
      jsonl(good, { ...good, id: "b" }, "", { ...good, id: "a" }, { ...good, id: "b" }),
    );
    const problems = await problemsOf(() => loadDataset(file));
    expect(problems).toEqual([
      { file, line: 4, reason: 'duplicate id "a" (lines 1 and 4)' },
      { file, line: 5, reason: 'duplicate id "b" (lines 2 and 5)' },
    ]);
  });

  it("rejects a dataset with no cases and a file that is not UTF-8", async () => {
    const empty = await write("empty.jsonl", "\n  \n");
    expect(await problemsOf(() => loadDataset(empty))).toEqual([
      { file: empty, line: 0, reason: "the dataset has no cases" },
    ]);
    const binary = await write("latin1.jsonl", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a]));
    expect((await problemsOf(() => loadDataset(binary)))[0]!.reason).toMatch(/not valid UTF-8/);
  });

  it("parseDataset validates text without touching the disk", () => {
    expect(parseDataset(jsonl(good), "mem")).toEqual([good]);
    expect(() => parseDataset("{}", "mem")).toThrow(/mem:1: missing required field "id"/);
  });
});
