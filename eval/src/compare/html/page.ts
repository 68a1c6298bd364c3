// One self-contained HTML page for a CompareReport: inline CSS and inline SVG charts, no scripts, no URLs.

import { runName, type CompareReport, type RunSide } from "../compare-runs";
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
} from "../format";
import { type DiffPart } from "../word-diff";
import { deltaStripSvg, histogramSvg } from "./charts";
import { CSS } from "./styles";

const DOC = { minus: MINUS };

const esc = escapeHtml;

function signedWith(v: number | null, fmt: (x: number) => string): string {
  if (v === null) return NA;
  return `${v > 0 ? "+" : v < 0 ? MINUS : ""}${fmt(Math.abs(v))}`;
}

/** Renders a word diff with <del>/<ins>; whitespace (and newlines) are kept by the container's CSS. */
export function diffToHtml(parts: DiffPart[]): string {
  return parts
    .map((p) => {
      if (p.op === "equal") return esc(p.text);
      if (/^\s*$/.test(p.text)) return p.op === "insert" ? esc(p.text) : "";
      return p.op === "delete" ? `<del>${esc(p.text)}</del>` : `<ins>${esc(p.text)}</ins>`;
    })
    .join("");
}

function runRow(tag: string, run: RunSide): string {
  const cells = [
    tag,
    runName(run),
    run.id,
    run.promptVersion + (run.promptHash ? ` (#${run.promptHash.slice(0, 8)})` : ""),
    `${run.provider}/${run.model}`,
    run.dataset,
    `${run.cases}`,
  ];
  return `<tr>${cells.map((c, i) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`;
}

export interface HtmlRenderOptions {
  /** Page title (default: "<B> vs <A> — <metric>"). */
  title?: string;
}

export function renderHtml(report: CompareReport, options: HtmlRenderOptions = {}): string {
  const { a, b, summary: s } = report;
  const metric = metricName(report);
  const nameA = runName(a);
  const nameB = runName(b);
  const title = options.title ?? `${nameB} vs ${nameA} — ${metric}`;
  const ci = s.deltaCi;
  const tone = ci && ci.low > 0 ? "better" : ci && ci.high < 0 ? "worse" : "";
  const signClass = (v: number | null): string => (v === null || v === 0 ? "" : v > 0 ? "pos" : "neg");
  const latencyDelta =
    a.meanLatencyMs !== null && b.meanLatencyMs !== null ? b.meanLatencyMs - a.meanLatencyMs : null;
  const costDelta =
    a.totalCostUsd !== null && b.totalCostUsd !== null ? b.totalCostUsd - a.totalCostUsd : null;
  const g = s.grounding;
  const fs = s.factSupport;
  const cv = s.conversational;

  const body: string[] = [];
  body.push(`<h1>Compare: ${esc(nameB)} (B) vs ${esc(nameA)} (A)</h1>`);
  body.push(
    `<p class="verdict ${tone}">${esc(verdictLine(report, DOC))}<br><span class="muted">${esc(conclusion(report))}</span></p>`,
  );
  for (const w of report.warnings) body.push(`<p class="warning">Warning: ${esc(w)}</p>`);

  body.push(`<h2>Runs</h2>`);
  body.push(
    `<table><thead><tr><th></th><th>Name</th><th>Run</th><th>Prompt</th><th>Model</th><th>Dataset</th><th>Cases</th></tr></thead>` +
      `<tbody>${runRow("A", a)}${runRow("B", b)}</tbody></table>`,
  );

  body.push(`<h2>Summary (${esc(metric)})</h2>`);
  const row = (label: string, va: string, vb: string, d: string, dClass = ""): string =>
    `<tr><th>${esc(label)}</th><td class="num">${esc(va)}</td><td class="num">${esc(vb)}</td>` +
    `<td class="num ${dClass}">${esc(d)}</td></tr>`;
  body.push(
    `<table><thead><tr><th></th><th class="num">A: ${esc(nameA)}</th><th class="num">B: ${esc(nameB)}</th>` +
      `<th class="num">Δ (B − A)</th></tr></thead><tbody>` +
      row(
        `${metric}, mean (${s.n} paired cases)`,
        fmtScore(s.meanA),
        fmtScore(s.meanB),
        fmtDelta(s.meanDelta, DOC),
        signClass(s.meanDelta),
      ) +
      row(`95% CI of Δ (paired bootstrap)`, "", "", fmtCi(ci, DOC).replace(/^.*CI /, "")) +
      row(`B wins / ties / losses`, "", "", `${s.wins} / ${s.ties} / ${s.losses}`) +
      row(
        `Grounding, mean (${plural(g ? g.n : 0, "case")})`,
        fmtScore(g?.meanA),
        fmtScore(g?.meanB),
        fmtDelta(g?.meanDelta, DOC),
        signClass(g?.meanDelta ?? null),
      ) +
      row(
        `Fact support, mean (${plural(fs ? fs.n : 0, "case")})`,
        fmtScore(fs?.meanA),
        fmtScore(fs?.meanB),
        fmtDelta(fs?.meanDelta, DOC),
        signClass(fs?.meanDelta ?? null),
      ) +
      row(
        `Conversational (lower is better), mean (${plural(cv ? cv.n : 0, "case")})`,
        fmtScore(cv?.meanA),
        fmtScore(cv?.meanB),
        fmtDelta(cv?.meanDelta, DOC),
        signClass(cv?.meanDelta === undefined ? null : -cv.meanDelta),
      ) +
      row(
        "Mean latency",
        fmtLatency(a.meanLatencyMs),
        fmtLatency(b.meanLatencyMs),
        signedWith(latencyDelta, fmtLatency),
      ) +
      row("Total cost", fmtCost(a.totalCostUsd), fmtCost(b.totalCostUsd), signedWith(costDelta, fmtCost)) +
      row("Errors", `${a.errors} of ${a.cases}`, `${b.errors} of ${b.cases}`, "") +
      `</tbody></table>`,
  );
  const errs: string[] = [];
  if (a.errors > 0) errs.push(`A errors: ${fmtErrorCodes(a.errorCodes)}`);
  if (b.errors > 0) errs.push(`B errors: ${fmtErrorCodes(b.errorCodes)}`);
  if (errs.length > 0) body.push(`<p class="muted">${errs.map(esc).join("<br>")}</p>`);

  body.push(`<h2>Score distributions (${esc(metric)} per case)</h2>`);
  if (s.n === 0) {
    body.push(`<p>No paired cases: nothing to plot.</p>`);
  } else {
    body.push(
      histogramSvg({
        metric,
        a: { name: nameA, values: report.paired.map((p) => p.a), mean: s.meanA },
        b: { name: nameB, values: report.paired.map((p) => p.b), mean: s.meanB },
      }),
    );
    body.push(
      `<p class="muted">Paired cases only. Dashed lines: means. Hover a bar or point for its figures.</p>`,
    );
    body.push(`<h2>Per-case change (Δ ${esc(metric)}, B − A)</h2>`);
    body.push(deltaStripSvg({ metric, tieEpsilon: report.tieEpsilon, paired: report.paired }));
  }

  body.push(`<h2>Worst regressions (${esc(metric)}, B − A)</h2>`);
  if (report.worst.length === 0) {
    body.push(`<p>None: no case lost more than ${esc(String(report.tieEpsilon))} ${esc(metric)}.</p>`);
  } else {
    body.push(
      `<p class="muted">Word diff of A's output → B's output: <del>deleted</del> (only in A), <ins>inserted</ins> (only in B).</p>`,
    );
    report.worst.forEach((r, i) => {
      const grounding =
        r.groundingDelta !== null
          ? `; grounding ${fmtScore(r.groundingA)} → ${fmtScore(r.groundingB)} (${fmtDelta(r.groundingDelta, DOC)})`
          : "";
      const facts =
        r.factSupportDelta !== null
          ? `; fact support ${fmtScore(r.factSupportA)} → ${fmtScore(r.factSupportB)} (${fmtDelta(r.factSupportDelta, DOC)})`
          : "";
      const register =
        r.conversationalDelta !== null
          ? `; conversational ${fmtScore(r.conversationalA)} → ${fmtScore(r.conversationalB)} (${fmtDelta(r.conversationalDelta, DOC)})`
          : "";
      body.push(
        `<h3>${i + 1}. ${esc(r.caseId)}</h3>` +
          `<p>${esc(metric)}: A ${esc(fmtScore(r.a))} → B ${esc(fmtScore(r.b))} ` +
          `(<span class="neg">${esc(fmtDelta(r.delta, DOC))}</span>)${esc(grounding + facts + register)}</p>` +
          `<div class="diff">${r.diff.length === 0 ? `<span class="muted">(both outputs are empty)</span>` : diffToHtml(r.diff)}</div>` +
          `<details><summary>Reference, A's output, B's output</summary>` +
          `<h4>Reference</h4><pre>${esc(r.reference)}</pre>` +
          `<h4>A: ${esc(nameA)}</h4><pre>${esc(r.outputA)}</pre>` +
          `<h4>B: ${esc(nameB)}</h4><pre>${esc(r.outputB)}</pre></details>`,
      );
    });
  }

  const excluded: string[] = [];
  if (report.onlyInA.length > 0) {
    excluded.push(`<li>Only in A (${report.onlyInA.length}): ${esc(report.onlyInA.join(", "))}</li>`);
  }
  if (report.onlyInB.length > 0) {
    excluded.push(`<li>Only in B (${report.onlyInB.length}): ${esc(report.onlyInB.join(", "))}</li>`);
  }
  if (report.failed.length > 0) {
    const list = report.failed
      .map((f) => {
        const why = [f.errorA ? `A: ${f.errorA}` : "", f.errorB ? `B: ${f.errorB}` : ""].filter(Boolean);
        return `${f.caseId} (${why.join(", ")})`;
      })
      .join(", ");
    excluded.push(`<li>Failed in either run (${report.failed.length}): ${esc(list)}</li>`);
  }
  if (excluded.length > 0) {
    body.push(`<h2>Excluded from the statistics</h2><ul>${excluded.join("")}</ul>`);
  }

  if (report.paired.length > 0) {
    const rows = [...report.paired]
      .sort((p, q) => p.delta - q.delta || (p.caseId < q.caseId ? -1 : 1))
      .map(
        (p) =>
          `<tr><td>${esc(p.caseId)}</td><td class="num">${fmtScore(p.a)}</td><td class="num">${fmtScore(p.b)}</td>` +
          `<td class="num ${signClass(p.delta)}">${esc(fmtDelta(p.delta, DOC))}</td><td>${p.outcome}</td>` +
          `<td class="num">${esc(fmtDelta(p.groundingDelta, DOC))}</td>` +
          `<td class="num">${esc(fmtDelta(p.factSupportDelta, DOC))}</td>` +
          `<td class="num">${esc(fmtDelta(p.conversationalDelta, DOC))}</td></tr>`,
      )
      .join("");
    body.push(
      `<details><summary>All ${report.paired.length} paired cases, sorted by Δ</summary>` +
        `<table><thead><tr><th>Case</th><th class="num">A ${esc(metric)}</th><th class="num">B ${esc(metric)}</th>` +
        `<th class="num">Δ</th><th>Outcome</th><th class="num">Grounding Δ</th><th class="num">Fact support Δ</th><th class="num">Conversational Δ</th></tr></thead><tbody>${rows}</tbody></table></details>`,
    );
  }

  body.push(
    `<footer>All scores are per-case ${esc(metric)} (F1 of ${esc(report.metricLabel)}), paired by case id; ` +
      `cases missing from a run or failed in either run are excluded. Tie when |Δ| ≤ ${esc(String(report.tieEpsilon))}. ` +
      `The CI is a percentile bootstrap of the per-case deltas (${report.bootstrapSamples} resamples, seed ${report.seed}). ` +
      `Latency: mean over each run's cases that recorded one; cost: total over each run.</footer>`,
  );

  return (
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${esc(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n<main>\n${body.join("\n")}\n</main>\n</body>\n</html>\n`
  );
}
