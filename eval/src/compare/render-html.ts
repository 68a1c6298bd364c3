// One self-contained HTML page for a CompareReport: inline CSS and inline SVG charts, no scripts, no URLs.

import { runName, type CompareReport, type PairedCase, type RunSide } from "./compare-runs";
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
import { type DiffPart } from "./word-diff";

const DOC = { minus: MINUS };
const COLORS = { a: "#4c78a8", b: "#f58518", win: "#2e7d32", tie: "#8a8a8a", loss: "#c62828" };

const esc = escapeHtml;

/** Short decimal for SVG coordinates. */
function n2(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function signedWith(v: number | null, fmt: (x: number) => string): string {
  if (v === null) return NA;
  return `${v > 0 ? "+" : v < 0 ? MINUS : ""}${fmt(Math.abs(v))}`;
}

/** Smallest "nice" number (1, 2, 2.5, 5 × 10^k) ≥ v. */
function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const exp = Math.floor(Math.log10(v));
  const base = 10 ** exp;
  for (const m of [1, 2, 2.5, 5, 10]) if (m * base >= v - 1e-12) return m * base;
  return 10 * base;
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

interface HistogramInput {
  metric: string;
  a: { name: string; values: number[]; mean: number | null };
  b: { name: string; values: number[]; mean: number | null };
}

/** Grouped histogram of per-case scores in [0, 1] for A and B, with mean lines, axes and a legend. */
export function histogramSvg(input: HistogramInput): string {
  const W = 680;
  const H = 300;
  const m = { l: 56, r: 16, t: 44, b: 48 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const n = Math.max(input.a.values.length, input.b.values.length);
  const bins = n >= 50 ? 20 : 10;
  const count = (values: number[]): number[] => {
    const c = new Array<number>(bins).fill(0);
    for (const v of values) {
      const i = Math.min(bins - 1, Math.max(0, Math.floor(Math.min(1, Math.max(0, v)) * bins)));
      c[i] = (c[i] as number) + 1;
    }
    return c;
  };
  const ca = count(input.a.values);
  const cb = count(input.b.values);
  const maxCount = Math.max(1, ...ca, ...cb);
  const step = maxCount <= 5 ? 1 : niceCeil(maxCount / 5);
  const yMax = Math.ceil(maxCount / step) * step;
  const x = (v: number): number => m.l + v * pw;
  const y = (c: number): number => m.t + ph - (c / yMax) * ph;
  const binW = pw / bins;
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" ` +
      `aria-label="${esc(`Histogram of per-case ${input.metric} for A and B`)}">`,
  );
  parts.push(`<title>${esc(`Distribution of per-case ${input.metric}: A vs B`)}</title>`);
  // Grid and y axis.
  for (let c = 0; c <= yMax; c += step) {
    parts.push(
      `<line class="grid" x1="${m.l}" x2="${m.l + pw}" y1="${n2(y(c))}" y2="${n2(y(c))}"/>` +
        `<text class="tick" x="${m.l - 6}" y="${n2(y(c) + 4)}" text-anchor="end">${c}</text>`,
    );
  }
  // Bars.
  const binLabel = (i: number): string => {
    const lo = (i / bins).toFixed(2);
    const hi = ((i + 1) / bins).toFixed(2);
    return i === bins - 1 ? `[${lo}, ${hi}]` : `[${lo}, ${hi})`;
  };
  for (let i = 0; i < bins; i++) {
    const bx = x(i / bins);
    const bw = binW / 2 - 1.5;
    for (const [side, counts, color, name, dx] of [
      ["A", ca, COLORS.a, input.a.name, 1],
      ["B", cb, COLORS.b, input.b.name, binW / 2 + 0.5],
    ] as const) {
      const c = counts[i] as number;
      if (c === 0) continue;
      parts.push(
        `<rect x="${n2(bx + dx)}" y="${n2(y(c))}" width="${n2(bw)}" height="${n2(y(0) - y(c))}" fill="${color}">` +
          `<title>${esc(`${side} (${name}): ${c} case${c === 1 ? "" : "s"} with ${input.metric} in ${binLabel(i)}`)}</title></rect>`,
      );
    }
  }
  // Mean lines.
  for (const [side, mean, color] of [
    ["A", input.a.mean, COLORS.a],
    ["B", input.b.mean, COLORS.b],
  ] as const) {
    if (mean === null) continue;
    parts.push(
      `<line x1="${n2(x(mean))}" x2="${n2(x(mean))}" y1="${m.t}" y2="${m.t + ph}" stroke="${color}" ` +
        `stroke-width="2" stroke-dasharray="5 3"><title>${esc(`mean ${side}: ${fmtScore(mean)}`)}</title></line>`,
    );
  }
  // X axis.
  parts.push(`<line class="axis" x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}"/>`);
  parts.push(`<line class="axis" x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}"/>`);
  for (let i = 0; i <= 10; i++) {
    const v = i / 10;
    parts.push(
      `<line class="axis" x1="${n2(x(v))}" x2="${n2(x(v))}" y1="${m.t + ph}" y2="${m.t + ph + 4}"/>` +
        `<text class="tick" x="${n2(x(v))}" y="${m.t + ph + 17}" text-anchor="middle">${v.toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<text class="label" x="${m.l + pw / 2}" y="${H - 8}" text-anchor="middle">${esc(`${input.metric} per case`)}</text>`,
  );
  parts.push(
    `<text class="label" transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">cases</text>`,
  );
  // Legend.
  const legend = [
    [COLORS.a, `A: ${input.a.name} (mean ${fmtScore(input.a.mean)})`],
    [COLORS.b, `B: ${input.b.name} (mean ${fmtScore(input.b.mean)})`],
  ];
  legend.forEach(([color, text], i) => {
    const lx = m.l + i * (pw / 2);
    parts.push(
      `<rect x="${n2(lx)}" y="12" width="12" height="12" fill="${color}"/>` +
        `<text class="legend" x="${n2(lx + 18)}" y="22">${esc(truncate(text as string, 48))}</text>`,
    );
  });
  parts.push(`</svg>`);
  return parts.join("\n");
}

function truncate(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, " ")];
  return chars.length <= max ? chars.join("") : chars.slice(0, max - 1).join("") + "…";
}

interface StripInput {
  metric: string;
  tieEpsilon: number;
  paired: PairedCase[];
}

/** Per-case delta (B − A) as points sorted by delta, with the tie band and the zero line. */
export function deltaStripSvg(input: StripInput): string {
  const W = 680;
  const H = 280;
  const m = { l: 64, r: 16, t: 40, b: 44 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const sorted = [...input.paired].sort((p, q) => p.delta - q.delta || (p.caseId < q.caseId ? -1 : 1));
  const maxAbs = Math.max(input.tieEpsilon * 2, 0.01, ...sorted.map((p) => Math.abs(p.delta)));
  const lim = niceCeil(maxAbs);
  const x = (i: number): number =>
    m.l + (sorted.length === 1 ? pw / 2 : 8 + (i * (pw - 16)) / (sorted.length - 1));
  const y = (d: number): number => m.t + ph / 2 - (d / lim) * (ph / 2);
  const r = sorted.length > 200 ? 2 : sorted.length > 60 ? 3 : 4;
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" ` +
      `aria-label="${esc(`Per-case change in ${input.metric}, B minus A`)}">`,
  );
  parts.push(`<title>${esc(`Per-case Δ ${input.metric} (B − A), sorted`)}</title>`);
  const eps = Math.min(input.tieEpsilon, lim);
  parts.push(
    `<rect class="tieband" x="${m.l}" y="${n2(y(eps))}" width="${pw}" height="${n2(y(-eps) - y(eps))}">` +
      `<title>${esc(`tie band: |Δ| ≤ ${input.tieEpsilon}`)}</title></rect>`,
  );
  for (const t of [-lim, -lim / 2, 0, lim / 2, lim]) {
    parts.push(
      `<line class="${t === 0 ? "zero" : "grid"}" x1="${m.l}" x2="${m.l + pw}" y1="${n2(y(t))}" y2="${n2(y(t))}"/>` +
        `<text class="tick" x="${m.l - 6}" y="${n2(y(t) + 4)}" text-anchor="end">${esc(fmtDelta(t, DOC, lim < 0.1 ? 3 : 2))}</text>`,
    );
  }
  parts.push(`<line class="axis" x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}"/>`);
  sorted.forEach((p, i) => {
    const tip = `${p.caseId}: A ${fmtScore(p.a)} → B ${fmtScore(p.b)} (Δ ${fmtDelta(p.delta, DOC)}, ${p.outcome})`;
    parts.push(
      `<circle cx="${n2(x(i))}" cy="${n2(y(p.delta))}" r="${r}" fill="${COLORS[p.outcome]}"><title>${esc(tip)}</title></circle>`,
    );
  });
  parts.push(
    `<text class="label" x="${m.l + pw / 2}" y="${H - 10}" text-anchor="middle">` +
      `${esc(`cases sorted by Δ (${sorted.length} paired)`)}</text>`,
  );
  parts.push(
    `<text class="label" transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">` +
      `${esc(`Δ ${input.metric} (B − A)`)}</text>`,
  );
  const counts = { win: 0, tie: 0, loss: 0 };
  for (const p of sorted) counts[p.outcome]++;
  (
    [
      ["win", `B better (${counts.win})`],
      ["tie", `tie, |Δ| ≤ ${input.tieEpsilon} (${counts.tie})`],
      ["loss", `B worse (${counts.loss})`],
    ] as const
  ).forEach(([k, text], i) => {
    const lx = m.l + i * 190;
    parts.push(
      `<circle cx="${lx + 6}" cy="18" r="5" fill="${COLORS[k]}"/>` +
        `<text class="legend" x="${lx + 16}" y="22">${esc(text)}</text>`,
    );
  });
  parts.push(`</svg>`);
  return parts.join("\n");
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

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; margin: 0; background: #f6f8fa; }
main { max-width: 960px; margin: 0 auto; padding: 24px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.verdict { font-size: 15px; font-weight: 600; padding: 10px 12px; border-radius: 6px; background: #eef2f6; }
.verdict.better { background: #e6f4ea; } .verdict.worse { background: #fdecea; }
.warning { padding: 8px 12px; border-left: 4px solid #bf8700; background: #fff8c5; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #59636e; }
.pos { color: ${COLORS.win}; } .neg { color: ${COLORS.loss}; }
.chart { max-width: 100%; height: auto; display: block; margin: 8px 0; }
.chart .grid { stroke: #e5e8eb; } .chart .axis { stroke: #59636e; } .chart .zero { stroke: #1f2328; }
.chart .tieband { fill: #eeeeee; }
.chart text { font-size: 11px; fill: #1f2328; } .chart .label { font-size: 12px; } .chart .legend { font-size: 12px; }
.diff, pre { white-space: pre-wrap; word-break: break-word; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px; margin: 6px 0; }
del { background: #ffebe9; color: #82071e; text-decoration: line-through; }
ins { background: #dafbe1; color: #116329; text-decoration: none; }
details { margin: 6px 0; } summary { cursor: pointer; }
footer { margin-top: 28px; font-size: 12px; color: #59636e; }
`;

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
      body.push(
        `<h3>${i + 1}. ${esc(r.caseId)}</h3>` +
          `<p>${esc(metric)}: A ${esc(fmtScore(r.a))} → B ${esc(fmtScore(r.b))} ` +
          `(<span class="neg">${esc(fmtDelta(r.delta, DOC))}</span>)${esc(grounding)}</p>` +
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
          `<td class="num">${esc(fmtDelta(p.groundingDelta, DOC))}</td></tr>`,
      )
      .join("");
    body.push(
      `<details><summary>All ${report.paired.length} paired cases, sorted by Δ</summary>` +
        `<table><thead><tr><th>Case</th><th class="num">A ${esc(metric)}</th><th class="num">B ${esc(metric)}</th>` +
        `<th class="num">Δ</th><th>Outcome</th><th class="num">Grounding Δ</th></tr></thead><tbody>${rows}</tbody></table></details>`,
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
