// Deterministic fitting of the learned note models: L2-regularised logistic regression (is a sentence
// note-worthy) and softmax regression (which section), by full-batch gradient descent with Adam
// steps. Every pass visits the examples in their given order, so the same data gives the same
// weights, bit for bit. Only the training script and tests import this.

export interface Example {
  features: readonly string[];
  /** 0/1 for the binary model; the class index for the softmax model. */
  label: number;
}

export interface FitOptions {
  /** L2 penalty on the (non-bias) weights, per example: loss = mean log-loss + l2/2 · ‖w‖². */
  l2: number;
  epochs: number;
  learningRate: number;
  /** Features seen in fewer examples than this are left out of the model. */
  minCount: number;
}

export const DEFAULT_FIT: FitOptions = { l2: 1e-3, epochs: 300, learningRate: 0.05, minCount: 3 };

export interface BinaryModel {
  bias: number;
  weights: Map<string, number>;
}

export interface SoftmaxModel {
  bias: number[];
  /** Per feature, one weight per class. */
  weights: Map<string, number[]>;
}

interface Indexed {
  vocabulary: string[];
  rows: Int32Array[];
}

/** Features kept (seen in at least minCount examples), sorted, and each example as their indices. */
function indexExamples(examples: readonly Example[], minCount: number): Indexed {
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of new Set(e.features)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocabulary = [...counts]
    .filter(([, n]) => n >= minCount)
    .map(([f]) => f)
    .sort();
  const index = new Map(vocabulary.map((f, i) => [f, i]));
  const rows = examples.map((e) => {
    const ids = [...new Set(e.features)].map((f) => index.get(f)).filter((i) => i !== undefined);
    return Int32Array.from(ids.sort((a, b) => a - b));
  });
  return { vocabulary, rows };
}

/** Adam over one flat parameter vector; `decayFrom` is where the L2-penalised weights start. */
class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(
    readonly params: Float64Array,
    private readonly options: FitOptions,
    private readonly decayFrom: number,
  ) {
    this.m = new Float64Array(params.length);
    this.v = new Float64Array(params.length);
  }

  step(gradient: Float64Array): void {
    const { learningRate, l2 } = this.options;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    this.t++;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < this.params.length; i++) {
      const g = gradient[i]! + (i >= this.decayFrom ? l2 * this.params[i]! : 0);
      this.m[i] = b1 * this.m[i]! + (1 - b1) * g;
      this.v[i] = b2 * this.v[i]! + (1 - b2) * g * g;
      this.params[i]! -= (learningRate * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + eps);
    }
  }
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Binary logistic regression: parameter 0 is the bias, 1 + j the weight of vocabulary[j]. */
export function fitLogistic(examples: readonly Example[], options: FitOptions = DEFAULT_FIT): BinaryModel {
  const { vocabulary, rows } = indexExamples(examples, options.minCount);
  const params = new Float64Array(1 + vocabulary.length);
  const adam = new Adam(params, options, 1);
  const gradient = new Float64Array(params.length);
  const n = Math.max(1, examples.length);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    gradient.fill(0);
    rows.forEach((row, r) => {
      let z = params[0]!;
      for (const j of row) z += params[1 + j]!;
      const error = (sigmoid(z) - examples[r]!.label) / n;
      gradient[0]! += error;
      for (const j of row) gradient[1 + j]! += error;
    });
    adam.step(gradient);
  }
  return { bias: params[0]!, weights: new Map(vocabulary.map((f, j) => [f, params[1 + j]!])) };
}

/** Softmax regression over `classCount` classes: parameters are K biases, then K weights per feature. */
export function fitSoftmax(
  examples: readonly Example[],
  classCount: number,
  options: FitOptions = DEFAULT_FIT,
): SoftmaxModel {
  const { vocabulary, rows } = indexExamples(examples, options.minCount);
  const k = classCount;
  const params = new Float64Array(k * (1 + vocabulary.length));
  const adam = new Adam(params, options, k);
  const gradient = new Float64Array(params.length);
  const scores = new Float64Array(k);
  const n = Math.max(1, examples.length);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    gradient.fill(0);
    rows.forEach((row, r) => {
      for (let c = 0; c < k; c++) {
        let z = params[c]!;
        for (const j of row) z += params[k * (1 + j) + c]!;
        scores[c] = z;
      }
      const max = Math.max(...scores);
      let total = 0;
      for (let c = 0; c < k; c++) total += scores[c] = Math.exp(scores[c]! - max);
      for (let c = 0; c < k; c++) {
        const error = (scores[c]! / total - (examples[r]!.label === c ? 1 : 0)) / n;
        gradient[c]! += error;
        for (const j of row) gradient[k * (1 + j) + c]! += error;
      }
    });
    adam.step(gradient);
  }
  return {
    bias: Array.from(params.subarray(0, k)),
    weights: new Map(vocabulary.map((f, j) => [f, Array.from(params.subarray(k * (1 + j), k * (2 + j)))])),
  };
}
