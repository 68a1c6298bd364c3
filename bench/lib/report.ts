// The text the bench prints: one table per level and run, then the spread over runs and the targets.
import type { PhaseResult } from "./measure-phase.ts";
import type { Side } from "./open-loop.ts";
import { median, percentile, percentiles } from "./stats.ts";

export interface LevelResult {
  level: number;
  app: PhaseResult;
  relay: PhaseResult;
}

/** What the figures can be compared with: the upstream's own time to its first token. */
export interface BenchShape {
  nominalTtftMs: number;
}

// A server busy this share of a core over a phase (arrivals plus the tail) was queueing work.
const SATURATED_CPU_SHARE = 0.85;

const MB = 1e6;
const ms = (n: number) => (Number.isNaN(n) ? "-" : n.toFixed(1));
const triple = (values: number[]) => values.map(ms).join(" / ");
const ttfts = (side: Side) => side.timings.map((t) => t.ttft);
const totals = (side: Side) => side.timings.map((t) => t.total);
const errorCount = (side: Side) => [...side.errors.values()].reduce((a, b) => a + b, 0);

/** Target minus direct at the same percentile, from the same phase. */
export function addedTtft(phase: PhaseResult, p: number): number {
  return percentile(ttfts(phase.target), p) - percentile(ttfts(phase.direct), p);
}

function addedTotal(phase: PhaseResult, p: number): number {
  return percentile(totals(phase.target), p) - percentile(totals(phase.direct), p);
}

function describeErrors(side: Side): string {
  const count = errorCount(side);
  if (count === 0) return "0";
  return `${count} (${[...side.errors].map(([message, n]) => `${n}× ${message}`).join(", ")})`;
}

function sideRow(label: string, side: Side): string {
  return [
    label.padEnd(8),
    String(side.timings.length + errorCount(side)).padStart(5),
    String(side.peakOpen).padStart(5),
    triple(percentiles(ttfts(side))).padStart(24),
    triple(percentiles(totals(side))).padStart(26),
    `  ${describeErrors(side)}`,
  ].join(" ");
}

function phaseLines(name: string, phase: PhaseResult): string[] {
  return [
    sideRow(name, phase.target),
    sideRow("  direct", phase.direct),
    `  ${name} adds: ttft p50/p95/p99 ${triple([50, 95, 99].map((p) => addedTtft(phase, p)))} ms, total p95 ${ms(addedTotal(phase, 95))} ms; ` +
      `${name} server peak RSS ${(phase.serverPeakRssBytes / MB).toFixed(0)} MB, CPU ${phase.serverCpuSeconds.toFixed(1)} s (${(phase.serverCpuShare * 100).toFixed(0)}% of a core)` +
      (phase.databaseCpuSeconds === undefined
        ? ""
        : `; PostgreSQL CPU ${phase.databaseCpuSeconds.toFixed(1)} s`),
    `  harness: upstream CPU ${(phase.upstreamCpuShare * 100).toFixed(0)}%, loop delay p99 ${ms(phase.upstreamLoopDelayP99Ms)} ms; ` +
      `client CPU ${(phase.clientCpuShare * 100).toFixed(0)}%, loop delay p99 ${ms(phase.clientLoopDelayP99Ms)} ms, latest send ${ms(phase.maxSendLagMs)} ms after its time; ` +
      `other processes ${(phase.othersCpuShare * 100).toFixed(0)}% of a core (attempt ${phase.attempts ?? 1}); ${phase.listenOverflows} listen-queue drops`,
  ];
}

/**
 * Why a phase's added latencies are queueing rather than overhead: the harness could not keep up
 * (the upstream called directly started its streams late), or the server under test was out of CPU.
 */
function saturation(phase: PhaseResult, name: string, shape: BenchShape): string[] {
  const reasons: string[] = [];
  const direct = percentile(ttfts(phase.direct), 95);
  if (direct > 2 * shape.nominalTtftMs) {
    reasons.push(
      `harness (direct p95 ttft ${ms(direct)} ms against the upstream's ${ms(shape.nominalTtftMs)} ms)`,
    );
  }
  // A database of the server's own (--postgres) is pinned to the same core.
  const coreShare = phase.serverCpuShare + (phase.databaseCpuSeconds ?? 0) / phase.wallSeconds;
  if (coreShare >= SATURATED_CPU_SHARE) {
    const who = phase.databaseCpuSeconds === undefined ? name : `${name} + PostgreSQL`;
    reasons.push(`${who} (${(coreShare * 100).toFixed(0)}% of its core)`);
  }
  return reasons;
}

/** One line per phase of the level that was saturated, saying why; empty when none was. */
function levelSaturation(result: LevelResult, shape: BenchShape): string[] {
  return (["app", "relay"] as const).flatMap((name) => {
    const reasons = saturation(result[name], name, shape);
    return reasons.length === 0 ? [] : [`${name} phase: ${reasons.join(", ")}`];
  });
}

export function levelTable(result: LevelResult, perSideRate: number, shape: BenchShape): string {
  const saturated = levelSaturation(result, shape);
  return [
    `~${result.level} open streams (${perSideRate.toFixed(2)} requests/s to each side); times in ms from the intended arrival`,
    `side         reqs  open  ttft p50 / p95 / p99     total p50 / p95 / p99      errors`,
    ...phaseLines("app", result.app),
    ...phaseLines("relay", result.relay),
    `  ratio app/relay added p95 ttft: ${ratio(result)}; CPU per request app/relay: ${cpuRatio(result)}`,
    ...(saturated.length > 0 ? [`  saturated: ${saturated.join("; ")}`] : []),
    "",
  ].join("\n");
}

/** How much more CPU the app spent per request it served than the relay did. */
function cpuRatio(result: LevelResult): string {
  const perRequest = (phase: PhaseResult) =>
    phase.serverCpuSeconds / Math.max(1, phase.target.timings.length);
  return `${(perRequest(result.app) / perRequest(result.relay)).toFixed(2)}×`;
}

function ratio(result: LevelResult): string {
  const app = addedTtft(result.app, 95);
  const relay = addedTtft(result.relay, 95);
  // Below half a millisecond the relay's figure is noise, and a ratio to it means nothing.
  return relay < 0.5 ? `n/a (relay adds ${ms(relay)} ms; app adds ${ms(app)} ms)` : (app / relay).toFixed(2);
}

function closestLevel(runs: LevelResult[][], wanted: number): LevelResult[] {
  const levels = runs[0]!.map((r) => r.level);
  const level = levels.find((l) => l >= wanted / 2 && l <= wanted * 2);
  return level === undefined ? [] : runs.map((run) => run.find((r) => r.level === level)!);
}

const spread = (values: number[], format: (n: number) => string) =>
  values.length === 1
    ? format(values[0]!)
    : `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;

export function summary(runs: LevelResult[][], shape: BenchShape): string {
  const lines = [
    `over ${runs.length} run(s): median (min–max)`,
    `level  app added p95 ttft  relay added p95 ttft  app errors  relay errors  direct errors  app peak RSS  app CPU`,
  ];
  for (const { level } of runs[0]!) {
    const at = runs.map((run) => run.find((r) => r.level === level)!);
    lines.push(
      [
        `~${level}`.padEnd(6),
        spread(
          at.map((r) => addedTtft(r.app, 95)),
          ms,
        ).padEnd(19),
        spread(
          at.map((r) => addedTtft(r.relay, 95)),
          ms,
        ).padEnd(21),
        at
          .map((r) => errorCount(r.app.target))
          .join("/")
          .padEnd(11),
        at
          .map((r) => errorCount(r.relay.target))
          .join("/")
          .padEnd(13),
        at
          .map((r) => errorCount(r.app.direct) + errorCount(r.relay.direct))
          .join("/")
          .padEnd(14),
        spread(
          at.map((r) => r.app.serverPeakRssBytes / MB),
          (n) => `${n.toFixed(0)} MB`,
        ).padEnd(13),
        spread(
          at.map((r) => r.app.serverCpuShare * 100),
          (n) => `${n.toFixed(0)}%`,
        ),
      ].join(" "),
    );
  }
  lines.push("", "targets:");
  const at100 = closestLevel(runs, 100);
  if (at100.length > 0) {
    const added = at100.map((r) => addedTtft(r.app, 95));
    lines.push(
      verdict(
        `~${at100[0]!.level}: app adds p95 ttft ≤ 5 ms`,
        added.map((a) => a <= 5),
        added.map(ms).join(", ") + " ms",
      ),
    );
  }
  const at1000 = closestLevel(runs, 1000);
  if (at1000.length > 0) {
    const name = `~${at1000[0]!.level}`;
    const errors = at1000.map((r) => errorCount(r.app.target));
    lines.push(
      verdict(
        `${name}: zero app errors`,
        errors.map((e) => e === 0),
        errors.join(", "),
      ),
    );
    lines.push(
      verdict(
        `${name}: app's added p95 ttft within 2× the relay's`,
        at1000.map((r) => addedTtft(r.app, 95) <= 2 * Math.max(addedTtft(r.relay, 95), 0)),
        at1000.map((r) => `${ms(addedTtft(r.app, 95))} vs ${ms(addedTtft(r.relay, 95))} ms`).join(", "),
      ),
    );
    const rss = at1000.map((r) => r.app.serverPeakRssBytes / MB);
    lines.push(
      verdict(
        `${name}: app peak RSS < 300 MB`,
        rss.map((m) => m < 300),
        rss.map((m) => `${m.toFixed(0)} MB`).join(", "),
      ),
    );
    const saturatedRuns = at1000.filter((r) => levelSaturation(r, shape).length > 0).length;
    if (saturatedRuns > 0) {
      lines.push(
        `  note: at ${name} something was saturated in ${saturatedRuns} of ${at1000.length} run(s) (see "saturated:" above); ` +
          "added latencies there are time spent queueing on this machine, so they compare capacity, not overhead",
      );
    }
  }
  return lines.join("\n");
}

function verdict(target: string, met: boolean[], figures: string): string {
  const count = met.filter(Boolean).length;
  const word = count === met.length ? "met" : count === 0 ? "NOT met" : "mixed";
  return `  ${target}: ${word} in ${count} of ${met.length} run(s) (${figures})`;
}
