// Trains the learned note models of the embedded summarizer from the ACI-Bench and MTS-Dialog train
// splits, prints held-out figures on their valid splits, and writes the weights the summarizer loads.
//
//   npm run train:note-models [-- --datasets ../shared/datasets] [-- --out <weights.json>] [-- --dry-run]
//
// Deterministic: the same datasets give a byte-identical weights file.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { buildWeights, evaluate, fitNoteModels } from "./note-models/train";
import { labelRows, readRows } from "./note-models/training-data";

const root = path.resolve(import.meta.dirname, "../../..");
const { values } = parseArgs({
  options: {
    datasets: { type: "string", default: path.resolve(root, "../shared/datasets") },
    out: {
      type: "string",
      default: path.join(root, "packages/core/src/summarizers/embedded/learned/weights.json"),
    },
    "dry-run": { type: "boolean", default: false },
    // "i/n": fit without every n-th train case from the i-th (index % n === i), so the summarizer's
    // TUNING weights can be tuned on train cases the models did not see (scratch weights only).
    "leave-out-fold": { type: "string" },
  },
});

if (!existsSync(values.datasets!)) {
  console.error(
    `No datasets at ${values.datasets}: pass --datasets <dir with the ACI-Bench and MTS-Dialog JSONL splits>.`,
  );
  process.exit(1);
}
const [leftOut, folds] = (values["leave-out-fold"] ?? "0/0").split("/").map(Number) as [number, number];
const load = (name: string, split: "train" | "valid") => {
  const all = readRows(path.join(values.datasets!, `${name}.jsonl`));
  const rows = split === "train" && folds > 0 ? all.filter((_, i) => i % folds !== leftOut) : all;
  return { file: `${name}.jsonl`, cases: rows.length, sentences: labelRows(rows) };
};
const train = ["aci-bench-train", "mts-dialog-train"].map((name) => load(name, "train"));
const valid = ["aci-bench-valid", "mts-dialog-validation"].map((name) => load(name, "valid"));

const models = fitNoteModels(train);
const weights = buildWeights(models, train);
const heldOut = evaluate(weights, valid);
for (const [file, figures] of Object.entries(heldOut)) console.log(file, JSON.stringify(figures, null, 1));

const { meta, noteworthiness, section } = weights;
const json = JSON.stringify({ meta: { ...meta, heldOut }, noteworthiness, section }) + "\n";
console.log(`weights: ${(json.length / 1024).toFixed(1)} KB`);
if (!values["dry-run"]) {
  writeFileSync(values.out!, json);
  console.log(`wrote ${path.relative(root, values.out!)}`);
}
