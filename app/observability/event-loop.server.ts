// Watches how late the event loop runs. While it lags, new summary streams are refused with 503
// (each would add work to a loop that is already behind), /ready says so and /metrics counts it.
// A timer that should fire every SAMPLE_MS measures the delay; asking while that timer is overdue
// counts as lagging too, so a request served right after a long stall is refused before the
// timer has had its turn.
import { createHistogram, performance } from "node:perf_hooks";

const SAMPLE_MS = 20;
/**
 * A delay above this is lagging. A healthy loop is late by a few milliseconds; a burst of 500
 * summaries started at once delays it by about 350 ms once (measured on 2 cores), which the
 * server absorbs. Late by a second, it is overloaded: streams it already serves stall.
 */
export const LAG_THRESHOLD_MS = 1_000;
/** How long the loop counts as lagging after its last late turn. */
export const RECOVERY_MS = 1_000;

export class EventLoopWatch {
  private lastTurn: number;
  private laggingUntil = Number.NEGATIVE_INFINITY;
  private timer?: NodeJS.Timeout;
  /** Each turn's delay in microseconds, since takeDelayP99Ms() last read it. */
  private readonly delays = createHistogram();

  constructor(private readonly now: () => number = () => performance.now()) {
    this.lastTurn = now();
  }

  start(): void {
    this.lastTurn = this.now();
    this.timer ??= setInterval(() => this.turn(), SAMPLE_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One turn of the sampling timer (called by it; tests call it with their own clock). */
  turn(): void {
    const at = this.now();
    const delayMs = at - this.lastTurn - SAMPLE_MS;
    if (delayMs > LAG_THRESHOLD_MS) this.laggingUntil = at + RECOVERY_MS;
    this.lastTurn = at;
    this.delays.record(Math.max(1, Math.round(delayMs * 1000)));
  }

  /** The p99 delay of the turns since the last call (undefined when there were none), then starts over. */
  takeDelayP99Ms(): number | undefined {
    if (this.delays.count === 0) return undefined;
    const p99 = this.delays.percentile(99) / 1000;
    this.delays.reset();
    return p99;
  }

  lagging(): boolean {
    const at = this.now();
    return at - this.lastTurn - SAMPLE_MS > LAG_THRESHOLD_MS || at < this.laggingUntil;
  }
}
