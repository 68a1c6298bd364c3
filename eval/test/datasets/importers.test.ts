import { readFile } from "node:fs/promises";
import path from "node:path";

import { parseAciCsv } from "../../src/datasets/import-aci-csv";
import { formatDatasetJsonl, importDataset, writeDatasetJsonl } from "../../src/datasets/import-dataset";
import { parseMtsCsv } from "../../src/datasets/import-mts-csv";
import { loadDataset } from "../../src/datasets/load-dataset";
import { jsonl, makeTempDir, problemsOf, type WriteFixture } from "./helpers";

let dir: string;
let write: WriteFixture;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, write, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

const MTS_CSV =
  "\uFEFFID,section_header,section_text,dialogue\r\n" +
  '0,GENHX,"The patient is a 40-year-old man with a cough, for two weeks.","Doctor: What brings you in?\r\nPatient: A cough, two weeks now."\r\n' +
  '1,ALLERGY,No known drug allergies.,"Doctor: Any allergies?\r\nPatient: None that I know of."\r\n';

const ACI_CSV =
  "dataset,encounter_id,dialogue,note\n" +
  '"virtassist",D2N001,"[doctor] hi , how are you ?\n[patient] my knee hurts .","CHIEF COMPLAINT\n\nKnee pain."\n' +
  'aci,D2N002,"[doctor] so , what "" brings you in ?\n[patient] rash .","CHIEF COMPLAINT\n\nRash."\n';

describe("MTS-Dialog CSV import", () => {
  it("converts rows to canonical cases", () => {
    expect(parseMtsCsv(MTS_CSV, "mts.csv")).toEqual([
      {
        id: "mts-dialog-0",
        section: "GENHX",
        notes: "Doctor: What brings you in?\nPatient: A cough, two weeks now.",
        reference: "The patient is a 40-year-old man with a cough, for two weeks.",
      },
      {
        id: "mts-dialog-1",
        section: "ALLERGY",
        notes: "Doctor: Any allergies?\nPatient: None that I know of.",
        reference: "No known drug allergies.",
      },
    ]);
  });

  it("accepts the columns in any order, ignoring extra ones", () => {
    const csv = "dialogue,extra,section_text,section_header,ID\nDoctor: Hi.,x,Ref.,CC,9\n";
    expect(parseMtsCsv(csv, "m.csv")).toEqual([
      { id: "mts-dialog-9", section: "CC", notes: "Doctor: Hi.", reference: "Ref." },
    ]);
  });

  it("names a missing column", async () => {
    const problems = await problemsOf(() => parseMtsCsv("ID,section_header,dialogue\n1,CC,hi\n", "m.csv"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "m.csv", line: 1 });
    expect(problems[0]!.reason).toMatch(/^missing column "section_text"/);
  });

  it("reports every bad row with its line number", async () => {
    const csv =
      "ID,section_header,section_text,dialogue\n" + // 1
      '1,CC,"Cough.","Doctor: Hi.\nPatient: Cough."\n' + // 2-3
      "2,CC,Only three\n" + // 4: field count
      "3,,Ref.,Doctor: Hi.\n" + // 5: empty section_header
      '4,PLAN,"  ",Doctor: Hi.\n' + // 6: empty section_text
      "1,CC,Again.,Doctor: Hi again.\n"; // 7: duplicate
    const problems = await problemsOf(() => parseMtsCsv(csv, "m.csv"));
    expect(problems).toEqual([
      { file: "m.csv", line: 4, reason: "expected 4 fields (as in the header), found 3" },
      { file: "m.csv", line: 5, reason: 'empty "section_header"' },
      { file: "m.csv", line: 6, reason: 'empty "section_text"' },
      { file: "m.csv", line: 7, reason: 'duplicate id "mts-dialog-1" (lines 2 and 7)' },
    ]);
  });

  it("reports malformed CSV with its line number", async () => {
    const problems = await problemsOf(() =>
      parseMtsCsv('ID,section_header,section_text,dialogue\n1,CC,x,"open\n2,CC,y,z\n', "m.csv"),
    );
    expect(problems).toEqual([
      { file: "m.csv", line: 2, reason: "unterminated quoted field (no closing quote)" },
    ]);
  });

  it("rejects a file with a header and no rows", async () => {
    const problems = await problemsOf(() =>
      parseMtsCsv("ID,section_header,section_text,dialogue\n", "m.csv"),
    );
    expect(problems[0]!.reason).toBe("no data rows");
  });
});

describe("ACI-Bench CSV import", () => {
  it("converts rows to canonical cases tagged with their subset", () => {
    expect(parseAciCsv(ACI_CSV, "aci.csv")).toEqual([
      {
        id: "aci-bench-virtassist-D2N001",
        tags: ["virtassist"],
        notes: "[doctor] hi , how are you ?\n[patient] my knee hurts .",
        reference: "CHIEF COMPLAINT\n\nKnee pain.",
      },
      {
        id: "aci-bench-aci-D2N002",
        tags: ["aci"],
        notes: '[doctor] so , what " brings you in ?\n[patient] rash .',
        reference: "CHIEF COMPLAINT\n\nRash.",
      },
    ]);
  });

  it("names every missing column", async () => {
    const problems = await problemsOf(() => parseAciCsv("dataset,dialogue\naci,hi\n", "a.csv"));
    expect(problems[0]!.reason).toMatch(/^missing columns "encounter_id", "note"/);
  });

  it("reports bad rows with line numbers", async () => {
    const csv = "dataset,encounter_id,dialogue,note\naci,D1,hi,note\naci,D2,hi,\naci,D1,again,note\naci,D3\n";
    expect(await problemsOf(() => parseAciCsv(csv, "a.csv"))).toEqual([
      { file: "a.csv", line: 3, reason: 'empty "note"' },
      { file: "a.csv", line: 4, reason: 'duplicate id "aci-bench-aci-D1" (lines 2 and 4)' },
      { file: "a.csv", line: 5, reason: "expected 4 fields (as in the header), found 2" },
    ]);
  });
});

describe("writing and importing", () => {
  it("round-trips MTS CSV → JSONL → loadDataset", async () => {
    const input = await write("mts.csv", MTS_CSV);
    const output = path.join(dir, "out", "nested", "mts.jsonl");
    const result = await importDataset({ from: "mts-csv", input, output });
    expect(result.count).toBe(2);
    const loaded = await loadDataset(output);
    expect(loaded.cases).toEqual(parseMtsCsv(MTS_CSV, input));
    expect(loaded.hash).toBe(result.hash);
  });

  it("round-trips ACI CSV → JSONL → loadDataset", async () => {
    const input = await write("aci.csv", ACI_CSV);
    const output = path.join(dir, "aci.jsonl");
    await importDataset({ from: "aci-csv", input, output });
    expect((await loadDataset(output)).cases).toEqual(parseAciCsv(ACI_CSV, input));
  });

  it("converts the shared public-corpus JSONL to the canonical form", async () => {
    const input = await write(
      "shared.jsonl",
      jsonl({
        id: "mts-dialog-train-3",
        source: "mts-dialog",
        split: "train",
        section: "CC",
        dialogue: "Doctor: Hi.",
        reference: "Cough.",
      }),
    );
    const output = path.join(dir, "shared-canonical.jsonl");
    await importDataset({ from: "shared-jsonl", input, output });
    expect(await readFile(output, "utf8")).toBe(
      JSON.stringify({
        id: "mts-dialog-train-3",
        section: "CC",
        tags: ["mts-dialog", "train"],
        notes: "Doctor: Hi.",
        reference: "Cough.",
      }) + "\n",
    );
  });

  it("refuses to write invalid cases and writes nothing", async () => {
    const output = path.join(dir, "never.jsonl");
    const problems = await problemsOf(() =>
      writeDatasetJsonl(
        [
          { id: "a", notes: "n", reference: "r" },
          { id: "a", notes: "n", reference: "r" },
        ],
        output,
      ),
    );
    expect(problems).toEqual([{ file: output, line: 2, reason: 'duplicate id "a" (lines 1 and 2)' }]);
    await expect(readFile(output)).rejects.toThrow(/ENOENT/);
  });

  it("formats canonical JSONL with section and tags only when present", () => {
    expect(formatDatasetJsonl([{ id: "a", notes: "n", reference: "r" }])).toBe(
      '{"id":"a","notes":"n","reference":"r"}\n',
    );
  });

  it("rejects an unknown import format", async () => {
    await expect(
      importDataset({ from: "xml" as never, input: "x", output: path.join(dir, "x.jsonl") }),
    ).rejects.toThrow(/unknown import format "xml"/);
  });
});
