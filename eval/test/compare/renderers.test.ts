import { compareRuns, type CompareReport } from "../../src/compare/compare-runs";
import { fmtCi, fmtDelta, verdictLine, MINUS } from "../../src/compare/format";
import { renderHtml } from "../../src/compare/html/page";
import { diffToMarkdown, renderMarkdown } from "../../src/compare/render-markdown";
import { renderTerminal } from "../../src/compare/render-terminal";
import { wordDiff } from "../../src/compare/word-diff";
import { failed, ok, run } from "./fixtures";

const NASTY = "Plan: <script>alert('x')</script> | `rm -rf` *bold* ~~x~~ [link](y) & done";

function sampleReport(options: Parameters<typeof compareRuns>[2] = {}): CompareReport {
  const a = run("run-a", "v1", [
    ok("c1", 0.5, {
      output: "Cough for 3 days.\nNo fever.",
      grounding: 0.9,
      factSupport: 1,
      conversational: 0,
      latencyMs: 1000,
      costUsd: 0.01,
    }),
    ok("c2", 0.6, { output: "BP normal.", latencyMs: 2000, costUsd: 0.02 }),
    ok("c3", 0.7, { output: "Start amoxicillin.", latencyMs: 3000, costUsd: 0.03 }),
    ok("c4", 0.4, { output: "Review in 2 weeks." }),
    failed("c5", "timeout"),
    ok("only-a", 0.5),
  ]);
  const b = run("run-b", "v2", [
    ok("c1", 0.45, {
      output: "Cough for 5 days.\nNo fever. " + NASTY,
      grounding: 0.8,
      factSupport: 0.5,
      conversational: 0.25,
      latencyMs: 1500,
      costUsd: 0.02,
    }),
    ok("c2", 0.602, { output: "BP normal." }),
    ok("c3", 0.8, { output: "Start amoxicillin 500 mg." }),
    ok("c4", 0.2, { output: "Review in 1 week." }),
    ok("c5", 0.9),
    ok("only-b", 0.5),
  ]);
  return compareRuns(a, b, options);
}

function emptyReport(): CompareReport {
  return compareRuns(run("a", "v1", [failed("c1")]), run("b", "v2", [ok("c2", 0.5)]));
}

describe("format", () => {
  it("formats the verdict line with the typographic minus", () => {
    const r = sampleReport();
    const s = r.summary;
    expect(s).toMatchObject({ wins: 1, ties: 1, losses: 2, n: 4 });
    expect(verdictLine(r, { minus: MINUS })).toBe(
      `v2 vs v1: ROUGE-L F1 ${fmtDelta(s.meanDelta, { minus: MINUS })} (${fmtCi(s.deltaCi, { minus: MINUS })}), ` +
        `1 win / 1 tie / 2 losses over 4 cases`,
    );
    expect(verdictLine(r, { minus: MINUS })).toMatch(
      /^v2 vs v1: ROUGE-L F1 −0\.\d{3} \(95% CI −0\.\d{3} to [−+]?0\.\d{3}\), 1 win/,
    );
    expect(fmtDelta(-0.0004)).toBe("0.000");
    expect(fmtDelta(null)).toBe("n/a");
    expect(fmtCi(null)).toBe("CI n/a");
  });
});

describe("renderTerminal", () => {
  const r = sampleReport();
  const text = renderTerminal(r);

  it("shows the metric, means, delta with CI, W/T/L, latency, cost and errors", () => {
    expect(text).toContain("ROUGE-L F1");
    expect(text).toMatch(/ROUGE-L F1, mean \(4 paired\)\s+0\.550\s+0\.513\s+-0\.037/);
    expect(text).toContain(fmtCi(r.summary.deltaCi).replace(/^.*CI /, ""));
    expect(text).toMatch(/B wins \/ ties \/ losses: 1 \/ 1 \/ 2/);
    expect(text).toMatch(/Mean latency\s+1,600 ms\s+1,083 ms\s+-517 ms/);
    expect(text).toMatch(/Total cost\s+\$0\.0620\s+\$0\.0250\s+-\$0\.0370/);
    expect(text).toMatch(/Errors\s+1 of 6\s+0 of 6/);
    expect(text).toMatch(/Fact support, mean \(1 case\)\s+1\.000\s+0\.500\s+-0\.500/);
    expect(text).toMatch(/Conversational \(lower is better\), mean \(1 case\)\s+0\.000\s+0\.250\s+\+0\.250/);
    expect(text).toContain("grounding Δ -0.100   fact support Δ -0.500   conversational Δ +0.250");
    expect(text).toContain("A errors: timeout ×1");
    expect(text).toContain("only in A (1): only-a");
    expect(text).toContain("only in B (1): only-b");
    expect(text).toContain("failed in either (1): c5 (A: timeout)");
  });

  it("aligns the table columns", () => {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.includes("Δ (B − A)"));
    const table = lines.slice(start, start + 7);
    const ends = table.filter((l) => !l.startsWith("Errors")).map((l) => [...l].length);
    expect(new Set(ends).size).toBe(1);
  });

  it("lists the worst regressions in order with a marked word diff", () => {
    const c4 = text.indexOf("1. c4");
    const c1 = text.indexOf("2. c1");
    expect(c4).toBeGreaterThan(0);
    expect(c1).toBeGreaterThan(c4);
    expect(text).toContain("Review in [-2 weeks.-]{+1 week.+}");
    expect(text).toContain("Cough for [-3-]{+5+} days.");
  });

  it("has no colour codes unless asked, and sanitises control characters", () => {
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\x1b/);
    expect(renderTerminal(r, { color: true })).toContain("\x1b[31m[-2 weeks.-]\x1b[0m");
    const evil = compareRuns(
      run("a", "v1", [ok("c1", 0.9, { output: "ok" })]),
      run("b", "v2", [ok("c1", 0.1, { output: "ok \x1b[2Jcleared" })]),
    );
    // eslint-disable-next-line no-control-regex
    expect(renderTerminal(evil)).not.toMatch(/\x1b/);
  });

  it("says n/a rather than NaN when nothing is paired", () => {
    const t = renderTerminal(emptyReport());
    expect(t).not.toMatch(/NaN|undefined|null/);
    expect(t).toContain("n/a");
    expect(t).toContain("nothing to compare");
  });
});

describe("the ROUGE variant", () => {
  it("is named with every ROUGE figure when the runs record it, and a mismatch is a warning", () => {
    const stemmed = compareRuns(
      run("a", "v1", [ok("c1", 0.5)], { stem: true }),
      run("b", "v2", [ok("c1", 0.4)], { stem: true }),
    );
    expect(verdictLine(stemmed)).toMatch(/^v2 vs v1: ROUGE-L F1 \(stemmed\) -0\.100/);
    expect(renderTerminal(stemmed)).toMatch(/ROUGE-L F1 \(stemmed\), mean \(1 paired\)/);
    const plain = compareRuns(
      run("a", "v1", [ok("c1", 0.5)], { stem: false }),
      run("b", "v2", [ok("c1", 0.4)], { stem: false }),
    );
    expect(renderMarkdown(plain)).toContain("| ROUGE-L F1 (no stemming), mean (1 paired cases) |");
    expect(renderHtml(plain)).toContain("Summary (ROUGE-L F1 (no stemming))");
    const mixed = compareRuns(
      run("a", "v1", [ok("c1", 0.5)], { stem: true }),
      run("b", "v2", [ok("c1", 0.4)], { stem: false }),
    );
    expect(mixed.warnings).toContain(
      "the runs scored ROUGE differently (A: stemmed, B: no stemming); their ROUGE figures are not comparable",
    );
    expect(renderTerminal(mixed)).toContain("ROUGE-L F1 (mixed), mean");
  });
});

describe("renderMarkdown", () => {
  const r = sampleReport();
  const md = renderMarkdown(r);

  it("has a one-line verdict and a summary table", () => {
    expect(md).toContain(`**${verdictLine(r, { minus: MINUS })}**`);
    expect(md).toMatch(/\| ROUGE-L F1, mean \(4 paired cases\) \| 0\.550 \| 0\.513 \| −0\.037 \|/);
    expect(md).toContain("| B wins / ties / losses |  |  | 1 / 1 / 2 |");
    expect(md).toContain("| Mean latency | 1,600 ms | 1,083 ms | −517 ms |");
    expect(md).toContain("| Total cost | $0.0620 | $0.0250 | −$0.0370 |");
    expect(md).toContain("| Grounding, mean (1 case) | 0.900 | 0.800 | −0.100 |");
    expect(md).toContain("| Fact support, mean (1 case) | 1.000 | 0.500 | −0.500 |");
    expect(md).toContain("| Conversational (lower is better), mean (1 case) | 0.000 | 0.250 | +0.250 |");
    expect(md).toContain("| Errors | 1 of 6 | 0 of 6 |  |");
  });

  it("keeps every table row at four cells, even with pipes in labels", () => {
    const weird = compareRuns(
      run("a", "v1", [ok("c1", 0.5)], { label: "v1 | old `x`" }),
      run("b", "v2", [ok("c1", 0.4)], { label: "v2 <b>|</b>" }),
    );
    const out = renderMarkdown(weird);
    const rows = out.split("\n").filter((l) => l.startsWith("|"));
    expect(rows.length).toBe(11);
    for (const row of rows) expect(row.replace(/\\\|/g, "").split("|").length - 1).toBe(5);
    expect(out).toContain("v1 \\| old \\`x\\`");
    expect(out).toContain("v2 &lt;b&gt;\\|&lt;/b&gt;");
  });

  it("puts the worst regressions in <details> with ~~deleted~~ and **inserted**", () => {
    expect(md.match(/<details>/g)).toHaveLength(2);
    expect(md.indexOf("1. c4")).toBeLessThan(md.indexOf("2. c1"));
    expect(md).toContain("Review in ~~2 weeks.~~**1 week.**");
    expect(md).toMatch(/<summary>1\. c4: ROUGE-L F1 0\.400 → 0\.200 \(−0\.200\)<\/summary>\n\n/);
  });

  it("escapes text that could break the Markdown", () => {
    expect(md).not.toContain("<script>");
    expect(md).toContain("&lt;script&gt;");
    expect(md).toContain("\\| \\`rm \\-rf\\`".replace("\\-", "-"));
    expect(md).toContain("\\*bold\\*");
    expect(md).toContain("\\~\\~x\\~\\~");
    expect(md).toContain("\\[link\\](y) &amp; done");
  });

  it("neutralises line-start constructs and keeps markers within a line", () => {
    const out = diffToMarkdown(
      wordDiff(
        "# Title\n- item one\n1. first\n    code\n\nend",
        "# Title\n- item two\n1. first\n    code\n\nend",
      ),
    );
    expect(out).toBe("\\# Title\\\n\\- item ~~one~~**two**\\\n1\\. first\\\ncode\n\nend");
    expect(diffToMarkdown(wordDiff("a\nb", "x\ny"))).toBe("~~a~~\\\n~~b~~**x**\\\n**y**");
    const caseId = renderMarkdown(
      compareRuns(run("a", "v1", [ok("<img src=x>", 0.9)]), run("b", "v2", [ok("<img src=x>", 0.1)])),
    );
    expect(caseId).not.toContain("<img");
  });

  it("says n/a when nothing is paired", () => {
    const out = renderMarkdown(emptyReport());
    expect(out).not.toMatch(/NaN|undefined/);
    expect(out).toContain("n/a");
  });
});

describe("renderHtml", () => {
  const r = sampleReport();
  const html = renderHtml(r);

  it("is one self-contained document", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<script|<link|src=|href=|url\(|@import|https?:/i);
  });

  it("escapes all text", () => {
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    const evil = compareRuns(
      run("a", "v1", [ok("<b>c1</b>", 0.9, { reference: "<script>ref</script>" })], {
        label: '"><svg onload=x>',
      }),
      run("b", "v2", [ok("<b>c1</b>", 0.1, { output: "</pre><script>alert(1)</script>" })]),
    );
    const out = renderHtml(evil);
    expect(out).not.toMatch(/<script|<b>c1|<svg onload/);
    expect(out).toContain("&lt;b&gt;c1&lt;/b&gt;");
  });

  it("has the summary table and key figures, labelled with the ROUGE variant", () => {
    expect(html).toContain("Summary (ROUGE-L F1)");
    expect(html).toContain("ROUGE-L F1, mean (4 paired cases)");
    expect(html).toContain(">0.550<");
    expect(html).toContain(">0.513<");
    expect(html).toContain("1 / 1 / 2");
    expect(html).toContain(verdictLine(r, { minus: MINUS }));
    const lsum = renderHtml(sampleReport({ metric: "rougeLsum" }));
    expect(lsum).toContain("ROUGE-Lsum F1 per case");
    expect(lsum).not.toContain("ROUGE-L F1");
  });

  it("draws the distributions and the per-case delta strip as inline SVG", () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain("ROUGE-L F1 per case</text>");
    expect(html).toContain(">cases</text>");
    expect(html).toContain("A: v1 (mean 0.550)");
    expect(html).toContain("B: v2 (mean 0.513)");
    expect(html).toContain("Δ ROUGE-L F1 (B − A)</text>");
    expect(html.match(/<circle cx="[\d.]+" cy="[\d.]+" r="4"/g)).toHaveLength(4);
    expect(html).toContain("c4: A 0.400 → B 0.200 (Δ −0.200, loss)");
    expect(html).not.toMatch(/NaN|undefined/);
  });

  it("shows the worst regressions with <del>/<ins>", () => {
    expect(html).toContain("Review in <del>2 weeks.</del><ins>1 week.</ins>");
    expect(html.indexOf("1. c4")).toBeLessThan(html.indexOf("2. c1"));
  });

  it("renders an empty comparison without charts or NaN", () => {
    const out = renderHtml(emptyReport());
    expect(out).not.toMatch(/NaN|undefined|<svg/);
    expect(out).toContain("nothing to plot");
  });
});
