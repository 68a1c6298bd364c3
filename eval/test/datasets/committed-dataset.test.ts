import { fileURLToPath } from "node:url";

import { loadDataset } from "../../src/datasets/load-dataset";

const FILE = fileURLToPath(new URL("../../../datasets/consultations.jsonl", import.meta.url));
const FORMATS = new Set(["transcript", "asr-transcript", "clinician-notes"]);
const V1_TITLES = [
  "Chief complaint",
  "History of present illness",
  "Past medical history",
  "Medications",
  "Allergies",
  "Examination",
  "Results",
  "Assessment",
  "Plan",
  "Follow-up",
];

describe("datasets/consultations.jsonl", () => {
  it("loads with enough cases, specialties and section-level cases", async () => {
    const { cases, hash } = await loadDataset(FILE);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cases.length).toBeGreaterThanOrEqual(24);
    const specialties = new Set(cases.map((c) => c.tags?.[0]));
    expect(specialties.size).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => c.section).length).toBeGreaterThanOrEqual(5);
    for (const c of cases) {
      expect(c.id).toMatch(/^cs-\d{3}$/);
      expect(FORMATS.has(c.tags?.[1] ?? "")).toBe(true);
    }
    expect(new Set(cases.map((c) => c.tags![1])).size).toBe(FORMATS.size);
  });

  it("full-note references use only prompt v1 headings with bullets; section references are prose", async () => {
    const { cases } = await loadDataset(FILE);
    for (const c of cases) {
      const headings = [...c.reference.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
      if (c.section) {
        expect(headings, c.id).toEqual([]);
        continue;
      }
      expect(headings.length, c.id).toBeGreaterThanOrEqual(5);
      expect(
        headings.every((h) => V1_TITLES.includes(h)),
        c.id,
      ).toBe(true);
      // In v1 order, each title at most once.
      const order = headings.map((h) => V1_TITLES.indexOf(h));
      expect(order, c.id).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size, c.id).toBe(order.length);
      for (const line of c.reference.split("\n")) {
        expect(line === "" || line.startsWith("## ") || line.startsWith("- "), `${c.id}: ${line}`).toBe(true);
      }
    }
  });
});
