import { describe, expect, it } from "vitest";

import { fitLogistic, fitSoftmax, type Example } from "./fit";

const OPTIONS = { l2: 1e-3, epochs: 200, learningRate: 0.1, minCount: 1 };

// Two toy classes: "pain"/"fever" sentences against small talk; "noise" appears in both.
const TOY: Example[] = [
  { features: ["w:pain", "w:noise"], label: 1 },
  { features: ["w:fever"], label: 1 },
  { features: ["w:pain", "w:fever"], label: 1 },
  { features: ["w:hello", "w:noise"], label: 0 },
  { features: ["w:weather"], label: 0 },
  { features: ["w:hello", "w:weather"], label: 0 },
];

function logit(model: ReturnType<typeof fitLogistic>, features: string[]): number {
  return features.reduce((z, f) => z + (model.weights.get(f) ?? 0), model.bias);
}

describe("note model fitting", () => {
  it("separates two toy classes with logistic regression", () => {
    const model = fitLogistic(TOY, OPTIONS);
    for (const e of TOY) expect(logit(model, [...e.features]) > 0).toBe(e.label === 1);
    expect(model.weights.get("w:pain")!).toBeGreaterThan(0);
    expect(model.weights.get("w:hello")!).toBeLessThan(0);
    expect(Math.abs(model.weights.get("w:noise")!)).toBeLessThan(model.weights.get("w:pain")!);
  });

  it("separates them with softmax regression too, and is deterministic", () => {
    const first = fitSoftmax(TOY, 2, OPTIONS);
    const second = fitSoftmax(TOY, 2, OPTIONS);
    expect([...second.weights]).toEqual([...first.weights]);
    for (const e of TOY) {
      const z = [...first.bias];
      for (const f of e.features) first.weights.get(f)!.forEach((w, c) => (z[c]! += w));
      expect(z.indexOf(Math.max(...z))).toBe(e.label);
    }
  });

  it("leaves out features seen in fewer examples than minCount", () => {
    const model = fitLogistic(TOY, { ...OPTIONS, minCount: 2 });
    expect(model.weights.has("w:pain")).toBe(true);
    expect(model.weights.has("w:noise")).toBe(true);
    expect(model.weights.has("w:hello")).toBe(true);
    expect([...model.weights.keys()]).toEqual(["w:fever", "w:hello", "w:noise", "w:pain", "w:weather"]);
  });
});
