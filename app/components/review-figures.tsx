// Number formats shared by the workbench pages.
export const NOT_AVAILABLE = "—";

export function formatF1(value: number | null): string {
  return value === null ? NOT_AVAILABLE : value.toFixed(4);
}

export function formatShare(value: number | null): string {
  return value === null ? NOT_AVAILABLE : `${(value * 100).toFixed(1)}%`;
}

export function formatUsd(value: number | null): string {
  if (value === null) return NOT_AVAILABLE;
  if (value > 0 && value < 0.0001) return "< $0.0001";
  return `$${value.toFixed(4)}`;
}

export function formatMs(value: number | null): string {
  return value === null ? NOT_AVAILABLE : `${Math.round(value).toLocaleString("en-GB")} ms`;
}
