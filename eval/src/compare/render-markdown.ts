// GitHub-flavoured Markdown rendering of a CompareReport, for a pull-request comment.

import { runName, type CompareReport, type RunSide } from "./compare-runs";
import {
  conclusion,
  escapeHtml,
  fmtCi,
  fmtCost,
  fmtDelta,
  fmtErrorCodes,
  fmtLatency,
  fmtScore,
  metricName,
  plural,
  verdictLine,
  MINUS,
  NA,
} from "./format";
import { renderDiffLines, type DiffPart } from "./word-diff";

const DOC = { minus: MINUS };

/**
 * Escapes text for use inline in Markdown (paragraphs and table cells): HTML-significant characters become
 * entities and Markdown punctuation (emphasis, code, links, strikethrough, table pipes) is backslash-escaped.
 * Line-start constructs are handled by {@link escapeMarkdownLineStart}.
 */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_~[\]|]/g, (c) => `\\${c}`);
}

/** Escapes a line (already inline-escaped) so it cannot start a heading, list, rule, quote or code block. */
export function escapeMarkdownLineStart(line: string): string {
  const trimmed = line.replace(/^[ \t]+/, "");
  return trimmed.replace(/^([-+=#])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

/** Escaped single-line text for a table cell or a sentence. */
function cell(text: string): string {
  return escapeMarkdownInline(text.replace(/\s+/g, " ").trim());
}

/** Renders a word diff as Markdown paragraphs: deletions as ~~struck~~, insertions as **bold**. */
export function diffToMarkdown(parts: DiffPart[]): string {
  const lines = renderDiffLines(parts, {
    text: escapeMarkdownInline,
    mark: (op, core) =>
      op === "delete" ? `~~${escapeMarkdownInline(core)}~~` : `**${escapeMarkdownInline(core)}**`,
  }).split("\n");
  // Paragraphs split on blank lines; lines within a paragraph joined by a hard break ("\" at the end).
  const paragraphs: string[][] = [[]];
  for (const raw of lines) {
    const line = escapeMarkdownLineStart(raw).trimEnd();
    if (line === "") {
      if ((paragraphs[paragraphs.length - 1] as string[]).length > 0) paragraphs.push([]);
    } else {
      (paragraphs[paragraphs.length - 1] as string[]).push(line);
    }
  }
  return paragraphs
    .filter((p) => p.length > 0)
    .map((p) => p.join("\\\n"))
    .join("\n\n");
}

function describeRun(tag: string, run: RunSide): string {
  const hash = run.promptHash ? ` (#${run.promptHash.slice(0, 8)})` : "";
  return cell(
    `${tag}: ${runName(run)} — run ${run.id} · prompt ${run.promptVersion}${hash} · ` +
      `${run.provider}/${run.model} · dataset ${run.dataset}`,
  );
}

function signedWith(v: number | null, fmt: (x: number) => string): string {
  if (v === null) return NA;
  return `${v > 0 ? "+" : v < 0 ? MINUS : ""}${fmt(Math.abs(v))}`;
}

export interface MarkdownRenderOptions {
  /** Heading level of the title (default 3, i.e. "###"). */
  headingLevel?: number;
}

export function renderMarkdown(report: CompareReport, options: MarkdownRenderOptions = {}): string {
  const level = Math.min(6, Math.max(1, options.headingLevel ?? 3));
  const h = "#".repeat(level);
  const h2 = "#".repeat(Math.min(6, level + 1));
  const { a, b, summary: s } = report;
  const metric = metricName(report);
  const out: string[] = [];

  out.push(`${h} Compare: ${cell(runName(b))} (B) vs ${cell(runName(a))} (A)`, "");
  out.push(
    `**${escapeMarkdownInline(verdictLine(report, DOC))}** — ${escapeMarkdownInline(conclusion(report))}`,
    "",
  );
  for (const w of report.warnings) out.push(`> **Warning:** ${cell(w)}`, "");

  const latencyDelta =
    a.meanLatencyMs !== null && b.meanLatencyMs !== null ? b.meanLatencyMs - a.meanLatencyMs : null;
  const costDelta =
    a.totalCostUsd !== null && b.totalCostUsd !== null ? b.totalCostUsd - a.totalCostUsd : null;
  const g = s.grounding;
  const fs = s.factSupport;
  const cv = s.conversational;
  const rows: string[][] = [
    [
      `${metric}, mean (${s.n} paired cases)`,
      fmtScore(s.meanA),
      fmtScore(s.meanB),
      fmtDelta(s.meanDelta, DOC),
    ],
    [`95% CI of Δ (paired bootstrap)`, "", "", fmtCi(s.deltaCi, DOC).replace(/^.*CI /, "")],
    [`B wins / ties / losses`, "", "", `${s.wins} / ${s.ties} / ${s.losses}`],
    [
      `Grounding, mean (${plural(g ? g.n : 0, "case")})`,
      fmtScore(g?.meanA),
      fmtScore(g?.meanB),
      fmtDelta(g?.meanDelta, DOC),
    ],
    [
      `Fact support, mean (${plural(fs ? fs.n : 0, "case")})`,
      fmtScore(fs?.meanA),
      fmtScore(fs?.meanB),
      fmtDelta(fs?.meanDelta, DOC),
    ],
    [
      `Conversational (lower is better), mean (${plural(cv ? cv.n : 0, "case")})`,
      fmtScore(cv?.meanA),
      fmtScore(cv?.meanB),
      fmtDelta(cv?.meanDelta, DOC),
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
  out.push(`|  | A: ${cell(runName(a))} | B: ${cell(runName(b))} | Δ (B − A) |`);
  out.push("| --- | ---: | ---: | ---: |");
  for (const row of rows) out.push(`| ${row.map(cell).join(" | ")} |`);
  out.push("");

  const notes: string[] = [describeRun("A", a), describeRun("B", b)];
  notes.push(
    cell(
      `Scores are per-case ${metric}, paired by case id. Tie when |Δ| ≤ ${report.tieEpsilon}. ` +
        `CI: percentile bootstrap of the per-case deltas, ${report.bootstrapSamples} resamples, seed ${report.seed}.`,
    ),
  );
  if (a.errors > 0) notes.push(cell(`A errors: ${fmtErrorCodes(a.errorCodes)}`));
  if (b.errors > 0) notes.push(cell(`B errors: ${fmtErrorCodes(b.errorCodes)}`));
  if (report.onlyInA.length > 0) {
    notes.push(cell(`Only in A (${report.onlyInA.length}, excluded): ${report.onlyInA.join(", ")}`));
  }
  if (report.onlyInB.length > 0) {
    notes.push(cell(`Only in B (${report.onlyInB.length}, excluded): ${report.onlyInB.join(", ")}`));
  }
  if (report.failed.length > 0) {
    const list = report.failed
      .map((f) => {
        const why = [f.errorA ? `A: ${f.errorA}` : "", f.errorB ? `B: ${f.errorB}` : ""].filter(Boolean);
        return `${f.caseId} (${why.join(", ")})`;
      })
      .join(", ");
    notes.push(cell(`Failed in either run (${report.failed.length}, excluded): ${list}`));
  }
  out.push(notes.map((n) => `- ${n}`).join("\n"), "");

  out.push(`${h2} Worst regressions (${escapeMarkdownInline(metric)}, B − A)`, "");
  if (report.worst.length === 0) {
    out.push(`None: no case lost more than ${report.tieEpsilon} ${escapeMarkdownInline(metric)}.`, "");
  } else {
    out.push("Word diff of A's output → B's output: ~~deleted~~ (only in A), **inserted** (only in B).", "");
    report.worst.forEach((r, i) => {
      const grounding =
        (r.groundingDelta !== null ? `, grounding ${fmtDelta(r.groundingDelta, DOC)}` : "") +
        (r.factSupportDelta !== null ? `, fact support ${fmtDelta(r.factSupportDelta, DOC)}` : "") +
        (r.conversationalDelta !== null ? `, conversational ${fmtDelta(r.conversationalDelta, DOC)}` : "");
      const summary =
        `${i + 1}. ${r.caseId}: ${metric} ${fmtScore(r.a)} → ${fmtScore(r.b)} ` +
        `(${fmtDelta(r.delta, DOC)}${grounding})`;
      out.push("<details>");
      out.push(`<summary>${escapeHtml(summary.replace(/\s+/g, " "))}</summary>`, "");
      out.push(r.diff.length === 0 ? "_Both outputs are empty._" : diffToMarkdown(r.diff), "");
      out.push("</details>", "");
    });
  }
  return (
    out
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}
