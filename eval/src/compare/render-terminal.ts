// Plain-text rendering of a CompareReport for a terminal (ANSI colour only when asked for).

import { runName, type CompareReport, type RunSide } from "./compare-runs";
import {
  conclusion,
  fmtCi,
  fmtCost,
  fmtDelta,
  fmtErrorCodes,
  fmtLatency,
  fmtScore,
  metricName,
  plural,
  verdictLine,
  NA,
} from "./format";
import { renderDiffLines, type DiffPart } from "./word-diff";

export interface TerminalRenderOptions {
  /** Wrap insertions/deletions and deltas in ANSI colours. Default false. */
  color?: boolean;
}

const ANSI = { red: "\x1b[31m", green: "\x1b[32m", dim: "\x1b[2m", bold: "\x1b[1m", reset: "\x1b[0m" };

/** Neutralises control characters from run data (outputs could contain escape sequences). Keeps \n and \t. */
export function sanitizeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, "\n").replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, "\uFFFD");
}

function oneLine(text: string): string {
  return sanitizeForTerminal(text).replace(/\s+/g, " ").trim();
}

function pad(text: string, width: number, align: "left" | "right"): string {
  const len = [...text].length;
  if (len >= width) return text;
  const fill = " ".repeat(width - len);
  return align === "left" ? text + fill : fill + text;
}

/** Aligned columns: the first column left-aligned, the others right-aligned. */
function table(rows: string[][], gap = 3): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => pad(cell, widths[i] ?? 0, i === 0 ? "left" : "right"))
      .join(" ".repeat(gap))
      .trimEnd(),
  );
}

function describeRun(tag: string, run: RunSide): string {
  const hash = run.promptHash ? ` #${run.promptHash.slice(0, 8)}` : "";
  return oneLine(
    `${tag}: ${runName(run)}  (run ${run.id}; prompt ${run.promptVersion}${hash}; ` +
      `${run.provider}/${run.model}; dataset ${run.dataset})`,
  );
}

function diffText(parts: DiffPart[], color: boolean): string {
  return renderDiffLines(parts, {
    text: sanitizeForTerminal,
    mark: (op, core) => {
      const marked =
        op === "delete" ? `[-${sanitizeForTerminal(core)}-]` : `{+${sanitizeForTerminal(core)}+}`;
      return color ? (op === "delete" ? ANSI.red : ANSI.green) + marked + ANSI.reset : marked;
    },
  });
}

/** "+1,234 ms", "-$0.0100": a signed difference formatted by `fmt` (n/a when missing). */
function signedWith(v: number | null, fmt: (x: number) => string): string {
  if (v === null) return NA;
  return `${v > 0 ? "+" : v < 0 ? "-" : ""}${fmt(Math.abs(v))}`;
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? "" : by + line))
    .join("\n");
}

export function renderTerminal(report: CompareReport, options: TerminalRenderOptions = {}): string {
  const color = options.color ?? false;
  const paint = (code: string, text: string): string => (color ? code + text + ANSI.reset : text);
  const signed = (v: number | null, text: string): string =>
    v === null || text === NA || Number(text) === 0 ? text : paint(v > 0 ? ANSI.green : ANSI.red, text);
  const { a, b, summary: s } = report;
  const metric = metricName(report);
  const lines: string[] = [];

  lines.push(paint(ANSI.bold, `Compare ${oneLine(runName(b))} (B) against ${oneLine(runName(a))} (A)`));
  lines.push(describeRun("A", a), describeRun("B", b));
  lines.push(
    `Metric: ${metric} per case, paired by case id; tie when |Δ| ≤ ${report.tieEpsilon}; ` +
      `CI: paired bootstrap, ${report.bootstrapSamples} resamples, seed ${report.seed}`,
  );
  for (const w of report.warnings) lines.push(paint(ANSI.red, `Warning: ${oneLine(w)}`));
  lines.push("");

  const latencyDelta =
    a.meanLatencyMs !== null && b.meanLatencyMs !== null ? b.meanLatencyMs - a.meanLatencyMs : null;
  const costDelta =
    a.totalCostUsd !== null && b.totalCostUsd !== null ? b.totalCostUsd - a.totalCostUsd : null;
  const g = s.grounding;
  const fs = s.factSupport;
  const cv = s.conversational;
  const rows: string[][] = [
    ["", `A: ${oneLine(runName(a))}`, `B: ${oneLine(runName(b))}`, "Δ (B − A)"],
    [`${metric}, mean (${s.n} paired)`, fmtScore(s.meanA), fmtScore(s.meanB), fmtDelta(s.meanDelta)],
    [
      `  ${s.deltaCi ? Math.round(s.deltaCi.confidence * 100) : 95}% CI of Δ`,
      "",
      "",
      fmtCi(s.deltaCi).replace(/^.*CI /, ""),
    ],
    [
      `Grounding, mean (${plural(g ? g.n : 0, "case")})`,
      fmtScore(g?.meanA),
      fmtScore(g?.meanB),
      fmtDelta(g?.meanDelta ?? null),
    ],
    [
      `Fact support, mean (${plural(fs ? fs.n : 0, "case")})`,
      fmtScore(fs?.meanA),
      fmtScore(fs?.meanB),
      fmtDelta(fs?.meanDelta ?? null),
    ],
    [
      `Conversational (lower is better), mean (${plural(cv ? cv.n : 0, "case")})`,
      fmtScore(cv?.meanA),
      fmtScore(cv?.meanB),
      fmtDelta(cv?.meanDelta ?? null),
    ],
    [
      "Mean latency",
      fmtLatency(a.meanLatencyMs),
      fmtLatency(b.meanLatencyMs),
      signedWith(latencyDelta, fmtLatency),
    ],
    ["Total cost", fmtCost(a.totalCostUsd), fmtCost(b.totalCostUsd), signedWith(costDelta, fmtCost)],
    ["Errors", `${a.errors} of ${a.cases}`, `${b.errors} of ${b.cases}`, ""],
  ];
  const rendered = table(rows);
  lines.push(...rendered.map((line, i) => (i === 0 ? paint(ANSI.bold, line) : line)));
  if (a.errors > 0) lines.push(`  A errors: ${oneLine(fmtErrorCodes(a.errorCodes))}`);
  if (b.errors > 0) lines.push(`  B errors: ${oneLine(fmtErrorCodes(b.errorCodes))}`);
  lines.push("");

  lines.push(
    `B wins / ties / losses: ${paint(ANSI.green, String(s.wins))} / ${s.ties} / ${paint(ANSI.red, String(s.losses))}` +
      ` (of ${s.n} paired cases)`,
  );
  lines.push(`Verdict: ${oneLine(verdictLine(report))}`);
  const ci = s.deltaCi;
  const verdictColor = ci && ci.low > 0 ? ANSI.green : ci && ci.high < 0 ? ANSI.red : "";
  lines.push(`         ${verdictColor ? paint(verdictColor, conclusion(report)) : conclusion(report)}`);

  const excluded: string[] = [];
  if (report.onlyInA.length > 0)
    excluded.push(`only in A (${report.onlyInA.length}): ${oneLine(report.onlyInA.join(", "))}`);
  if (report.onlyInB.length > 0)
    excluded.push(`only in B (${report.onlyInB.length}): ${oneLine(report.onlyInB.join(", "))}`);
  if (report.failed.length > 0) {
    const list = report.failed
      .map(
        (f) =>
          `${f.caseId} (${[f.errorA ? `A: ${f.errorA}` : "", f.errorB ? `B: ${f.errorB}` : ""].filter(Boolean).join(", ")})`,
      )
      .join(", ");
    excluded.push(`failed in either (${report.failed.length}): ${oneLine(list)}`);
  }
  if (excluded.length > 0) {
    lines.push("", "Excluded from the statistics:");
    for (const e of excluded) lines.push(`  ${e}`);
  }

  lines.push("");
  if (report.worst.length === 0) {
    lines.push(`Worst regressions: none (no case lost more than ${report.tieEpsilon} ${metric})`);
  } else {
    lines.push(
      paint(
        ANSI.bold,
        `Worst regressions (${metric}, B − A), diff of A's output → B's output as [-deleted-]{+inserted+}:`,
      ),
    );
    report.worst.forEach((r, i) => {
      lines.push("");
      lines.push(
        `${i + 1}. ${oneLine(r.caseId)}   A ${fmtScore(r.a)} → B ${fmtScore(r.b)}   Δ ${signed(r.delta, fmtDelta(r.delta))}` +
          (r.groundingDelta !== null ? `   grounding Δ ${fmtDelta(r.groundingDelta)}` : "") +
          (r.factSupportDelta !== null ? `   fact support Δ ${fmtDelta(r.factSupportDelta)}` : "") +
          (r.conversationalDelta !== null ? `   conversational Δ ${fmtDelta(r.conversationalDelta)}` : ""),
      );
      const body = r.diff.length === 0 ? "(both outputs are empty)" : diffText(r.diff, color);
      lines.push(indent(body, "    "));
    });
  }
  return lines.join("\n") + "\n";
}
