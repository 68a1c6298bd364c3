// A one-line progress bar on stderr: done/total, rate, ETA and errors.
// Kept over cli-progress (plus string-width): 45 lines, and off a TTY it logs one line per quarter, not on a timer.
export interface ProgressState {
  done: number;
  total: number;
  errors: number;
  startedAt: number;
}

const BAR_WIDTH = 24;

export function formatProgress(state: ProgressState, now = performance.now()): string {
  const fraction = state.total === 0 ? 1 : state.done / state.total;
  const filled = Math.round(fraction * BAR_WIDTH);
  const seconds = Math.max((now - state.startedAt) / 1000, 1e-3);
  const rate = state.done / seconds;
  const eta = rate > 0 ? (state.total - state.done) / rate : Number.POSITIVE_INFINITY;
  const etaText = Number.isFinite(eta) ? `${eta.toFixed(eta < 10 ? 1 : 0)}s` : "—";
  return `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${state.done}/${state.total} ${Math.floor(
    fraction * 100,
  )}% · ${rate.toFixed(rate < 10 ? 1 : 0)} cases/s · ETA ${etaText} · ${state.errors} errors`;
}

/** Redraws in place on a terminal; elsewhere (CI logs) prints a line every quarter. */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr) {
  let lastDraw = 0;
  let lastQuarter = -1;
  let lastPrintedDone = -1;
  return {
    update(state: ProgressState, final = false): void {
      const now = performance.now();
      if (stream.isTTY) {
        if (!final && now - lastDraw < 100) return;
        lastDraw = now;
        stream.write(`\r${formatProgress(state, now)}${final ? "\n" : ""}`);
        return;
      }
      const quarter = state.total === 0 ? 4 : Math.floor((state.done / state.total) * 4);
      if ((final && state.done !== lastPrintedDone) || quarter > lastQuarter) {
        lastQuarter = quarter;
        lastPrintedDone = state.done;
        stream.write(`${formatProgress(state, now)}\n`);
      }
    },
  };
}
