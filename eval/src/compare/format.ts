// Number and sentence formatting shared by the compare renderers. null → "n/a", never "NaN".

import type { MeanInterval } from "./bootstrap";
import { runName, type CompareReport } from "./compare-runs";

export const NA = "n/a";
/** U+2212, the typographic minus used in Markdown and HTML. */
export const MINUS = "\u2212";

export interface NumberStyle {
  /** The minus sign to print ("-" for terminals, "−" for documents). */
  minus?: string;
}

function finite(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

export function fmtScore(v: number | null | undefined, digits = 3): string {
  return finite(v) ? v.toFixed(digits) : NA;
}

/** Signed: "+0.012", "−0.012", "0.000" (a value that rounds to zero carries no sign). */
export function fmtDelta(v: number | null | undefined, style: NumberStyle = {}, digits = 3): string {
  if (!finite(v)) return NA;
  const s = Math.abs(v).toFixed(digits);
  if (Number(s) === 0) return s;
  return (v < 0 ? (style.minus ?? "-") : "+") + s;
}

/** "95% CI −0.020 to −0.004" */
export function fmtCi(ci: MeanInterval | null, style: NumberStyle = {}): string {
  if (!ci) return `CI ${NA}`;
  return `${Math.round(ci.confidence * 100)}% CI ${fmtDelta(ci.low, style)} to ${fmtDelta(ci.high, style)}`;
}

function group(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function fmtLatency(ms: number | null | undefined): string {
  return finite(ms) ? `${group(Math.round(ms))} ms` : NA;
}

export function fmtCost(usd: number | null | undefined): string {
  if (!finite(usd)) return NA;
  return `$${usd !== 0 && Math.abs(usd) < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

export function fmtPercent(v: number | null | undefined): string {
  return finite(v) ? `${(v * 100).toFixed(1)}%` : NA;
}

/** "1 case", "3 cases" */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "ROUGE-L F1 (stemmed)", "ROUGE-L F1 (no stemming)"; just "ROUGE-L F1" when the runs do not record it. */
export function metricName(report: Pick<CompareReport, "metricLabel" | "rougeVariant">): string {
  const variant = report.rougeVariant === "unknown" ? "" : ` (${report.rougeVariant})`;
  return `${report.metricLabel} F1${variant}`;
}

/** What the CI says about B against A. */
export function conclusion(report: CompareReport): string {
  const ci = report.summary.deltaCi;
  if (!ci) return "nothing to compare (no case scored in both runs)";
  if (ci.low > 0) return "B is better (the CI is above 0)";
  if (ci.high < 0) return "B is worse (the CI is below 0)";
  return "no clear difference (the CI includes 0)";
}

/** "v2 vs v1: ROUGE-L F1 −0.012 (95% CI −0.020 to −0.004), 3 wins / 10 ties / 11 losses over 24 cases" */
export function verdictLine(report: CompareReport, style: NumberStyle = {}): string {
  const s = report.summary;
  const head = `${runName(report.b)} vs ${runName(report.a)}: ${metricName(report)}`;
  if (s.n === 0) return `${head} ${NA} (no case scored in both runs)`;
  return (
    `${head} ${fmtDelta(s.meanDelta, style)} (${fmtCi(s.deltaCi, style)}), ` +
    `${s.wins} ${s.wins === 1 ? "win" : "wins"} / ${s.ties} ${s.ties === 1 ? "tie" : "ties"} / ` +
    `${s.losses} ${s.losses === 1 ? "loss" : "losses"} over ${s.n} ${s.n === 1 ? "case" : "cases"}`
  );
}

/** "timeout ×2, rate-limit ×1" */
export function fmtErrorCodes(codes: Record<string, number>): string {
  const entries = Object.entries(codes).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return entries.map(([code, count]) => `${code} ×${count}`).join(", ");
}

export { escapeHtml } from "@consult-summary/core/text";
