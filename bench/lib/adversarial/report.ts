// The adversarial bench's Markdown table and its one-line verdict against the target.
import type { PingReport } from "../health-pings.ts";
import type { Row } from "./shape-run.ts";

export const TARGET_RTT_MS = 100;

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(1)} ms`;
}

function worstCell(pings: PingReport | undefined): string {
  if (!pings || pings.sent === 0) return "-";
  const worst = formatMs(pings.worstMs);
  return pings.unanswered > 0 ? `≥ ${worst} (unanswered)` : worst;
}

function pingNotes(pings: PingReport | undefined): string[] {
  if (!pings) return [];
  const failures = Object.entries(pings.failures).map(([what, n]) => `${n}× ${what}`);
  const skipped =
    pings.skippedTicks > 0 ? ` (${pings.skippedTicks.toLocaleString("en")} ticks waited on one)` : "";
  const notes = [`/health ${pings.answered}/${pings.sent} answered${skipped}`];
  if (failures.length > 0) notes.push(`failed: ${failures.join(", ")}`);
  if (pings.worstOn === "fresh connection" && pings.worstMs >= TARGET_RTT_MS)
    notes.push("worst on a fresh connection");
  return notes;
}

function loopCell(value: number | string | undefined): string {
  if (value === undefined) return "-";
  return typeof value === "number" ? formatMs(value) : value;
}

const escape = (text: string) => text.replaceAll("|", "\\|");

export function table(rows: Row[]): string {
  const header = [
    "shape",
    "request",
    "outcome",
    "request time",
    "worst /health RTT",
    "p99 /health RTT",
    "event-loop max delay",
    "notes",
  ];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`];
  for (const row of rows) {
    const cells = [
      row.shape,
      row.request,
      row.outcome,
      row.requestMs === undefined ? "-" : formatMs(row.requestMs),
      worstCell(row.pings),
      row.pings?.sent ? formatMs(row.pings.p99Ms) : "-",
      loopCell(row.loopDelayMax),
      [...row.notes, ...pingNotes(row.pings)].join("; "),
    ];
    lines.push(`| ${cells.map(escape).join(" | ")} |`);
  }
  return lines.join("\n");
}

/** Shapes with a request whose worst /health round trip was over the target, out of all measured. */
export function verdict(rows: Row[]): string {
  const measured = new Map<string, number>();
  for (const row of rows) {
    if (!row.pings) continue;
    measured.set(row.shape, Math.max(measured.get(row.shape) ?? 0, row.pings.worstMs));
  }
  const over = [...measured].filter(([, worst]) => worst >= TARGET_RTT_MS);
  const names = over.map(([shape, worst]) => `${shape} ${formatMs(worst)}`).join(", ");
  return (
    `${over.length} of ${measured.size} shapes had a /health round trip of ${TARGET_RTT_MS} ms or more` +
    (over.length > 0 ? `: ${names}` : "")
  );
}
