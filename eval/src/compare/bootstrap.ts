// Seeded PRNG and a percentile bootstrap confidence interval for a mean.

/** mulberry32: a tiny, fast, seedable 32-bit PRNG. Returns a function yielding numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** Number of resamples (default 2,000). */
  samples?: number;
  /** PRNG seed (default 1). The same values, samples and seed always give the same interval. */
  seed?: number;
  /** Two-sided confidence level in (0, 1) (default 0.95). */
  confidence?: number;
}

export interface MeanInterval {
  /** Mean of the input values. */
  mean: number;
  /** Lower bound of the percentile interval. */
  low: number;
  /** Upper bound of the percentile interval. */
  high: number;
  confidence: number;
  samples: number;
  /** Number of input values. */
  n: number;
}

export const DEFAULT_BOOTSTRAP_SAMPLES = 2000;
export const DEFAULT_BOOTSTRAP_SEED = 1;

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Linear-interpolation quantile (R type 7) of an ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const frac = pos - lo;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return frac === 0 ? a : a + (b - a) * frac;
}

/**
 * Percentile bootstrap interval for the mean of `values`: draws `samples` resamples of the same size with
 * replacement (seeded, deterministic) and takes the (1 − confidence)/2 and (1 + confidence)/2 quantiles of the
 * resampled means. For paired comparisons pass the per-case differences (a paired bootstrap).
 *
 * Returns null for empty input or when any value is not finite (never NaN bounds).
 */
export function bootstrapMeanInterval(
  values: readonly number[],
  options: BootstrapOptions = {},
): MeanInterval | null {
  const samples = options.samples ?? DEFAULT_BOOTSTRAP_SAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new RangeError(`bootstrap samples must be a positive integer, got ${samples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const n = values.length;
  if (n === 0 || values.some((v) => !Number.isFinite(v))) return null;
  const m = mean(values) as number;

  const rand = mulberry32(seed);
  const means = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(rand() * n)] as number;
    means[s] = sum / n;
  }
  means.sort();
  const alpha = 1 - confidence;
  let low = quantileSorted(means, alpha / 2);
  let high = quantileSorted(means, 1 - alpha / 2);
  // Zero-variance input: every resample has the same mean; report exactly that (no rounding noise).
  if (values.every((v) => v === values[0])) {
    low = m;
    high = m;
  }
  return { mean: m, low, high, confidence, samples, n };
}
