// The HTML compare report's palette and its inline style sheet.

export const COLORS = { a: "#4c78a8", b: "#f58518", win: "#2e7d32", tie: "#8a8a8a", loss: "#c62828" };

export const CSS = `
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
