// The SVG charts of the HTML compare report: per-case score histogram and sorted per-case deltas.

import { type PairedCase } from "../compare-runs";
import { escapeHtml, fmtDelta, fmtScore, MINUS } from "../format";
import { COLORS } from "./styles";

const DOC = { minus: MINUS };

const esc = escapeHtml;

/** Short decimal for SVG coordinates. */
function n2(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Smallest "nice" number (1, 2, 2.5, 5 × 10^k) ≥ v. */
function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const exp = Math.floor(Math.log10(v));
  const base = 10 ** exp;
  for (const m of [1, 2, 2.5, 5, 10]) if (m * base >= v - 1e-12) return m * base;
  return 10 * base;
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
