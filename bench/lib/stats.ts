export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

export const PERCENTILES = [50, 95, 99] as const;

export function percentiles(values: number[]): number[] {
  return PERCENTILES.map((p) => percentile(values, p));
}
