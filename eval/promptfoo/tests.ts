// promptfoo test cases from our dataset files (same loader and validation as `eval run`).
import { loadDataset } from "../src/datasets/load-dataset";

export default async function datasetTests(config: { dataset?: string } = {}) {
  const { cases } = await loadDataset(
    new URL(`../../${config.dataset ?? "datasets/consultations.jsonl"}`, import.meta.url).pathname,
  );
  return cases.map((evalCase) => ({
    description: evalCase.id,
    vars: { notes: evalCase.notes, reference: evalCase.reference, section: evalCase.section ?? "" },
  }));
}
