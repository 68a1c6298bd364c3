// GET /health every few milliseconds on one keep-alive connection, plus now and then on a fresh
// connection, recording round trips between begin() and end(). Runs in the pinger's own process
// (health-pinger-main.ts) so the bench's own work never delays a ping.
import http from "node:http";

import { percentile } from "./stats.ts";

export interface PingReport {
  /** Pings sent during the phase (keep-alive and fresh). */
  sent: number;
  answered: number;
  /** Failed pings by error code or status. */
  failures: Record<string, number>;
  /** Slowest round trip of a ping sent during the phase, answered or not (then as long as it waited). */
  worstMs: number;
  worstOn: "keep-alive" | "fresh connection" | "none";
  /** Over answered pings plus, for each tick skipped while a ping was out, what it would have waited. */
  p99Ms: number;
  /** Pings still unanswered when the phase ended (their wait so far is counted). */
  unanswered: number;
  /** Ticks when no keep-alive ping went out because the previous one was still unanswered. */
  skippedTicks: number;
}

// One ping in this many ticks also goes out on a new connection, which has to be accepted.
const FRESH_EVERY_TICKS = 20;
// At the end of a phase, how long pings still out may take before they count as unanswered.
const END_GRACE_MS = 1_000;

type Kind = "keep-alive" | "fresh connection";

interface Phase {
  sent: number;
  answered: number;
  failures: Map<string, number>;
  samples: number[];
  worstMs: number;
  worstOn: PingReport["worstOn"];
  unanswered: number;
  skippedTicks: number;
}

interface Outstanding {
  kind: Kind;
  startedAt: number;
  phase?: Phase;
  /** Keep-alive ticks that came due while this ping was out (a ping is sent one at a time). */
  skippedDue: number[];
}

export class HealthPings {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly url: URL;
  private phase?: Phase;
  private keepAlive?: Outstanding;
  private fresh?: Outstanding;
  private ticks = 0;
  private timer?: NodeJS.Timeout;
  private readonly intervalMs: number;

  constructor(url: string, intervalMs: number) {
    this.url = new URL("/health", url);
    this.intervalMs = intervalMs;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.agent.destroy();
  }

  begin(): void {
    this.phase = {
      sent: 0,
      answered: 0,
      failures: new Map(),
      samples: [],
      worstMs: 0,
      worstOn: "none",
      unanswered: 0,
      skippedTicks: 0,
    };
  }

  async end(): Promise<PingReport> {
    const phase = this.phase!;
    this.phase = undefined;
    const deadline = performance.now() + END_GRACE_MS;
    while (this.outstandingIn(phase) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const ping of [this.keepAlive, this.fresh]) {
      if (ping?.phase !== phase) continue;
      phase.unanswered++;
      this.record(ping, performance.now());
      ping.phase = undefined;
    }
    return {
      sent: phase.sent,
      answered: phase.answered,
      failures: Object.fromEntries(phase.failures),
      worstMs: phase.worstMs,
      worstOn: phase.worstOn,
      p99Ms: percentile(phase.samples, 99),
      unanswered: phase.unanswered,
      skippedTicks: phase.skippedTicks,
    };
  }

  private outstandingIn(phase: Phase): boolean {
    return this.keepAlive?.phase === phase || this.fresh?.phase === phase;
  }

  private tick(): void {
    const now = performance.now();
    this.ticks++;
    if (this.keepAlive) this.keepAlive.skippedDue.push(now);
    else this.keepAlive = this.send("keep-alive", now);
    if (this.ticks % FRESH_EVERY_TICKS === 0 && !this.fresh) this.fresh = this.send("fresh connection", now);
  }

  private send(kind: Kind, startedAt: number): Outstanding {
    const ping: Outstanding = { kind, startedAt, phase: this.phase, skippedDue: [] };
    if (ping.phase) ping.phase.sent++;
    const options =
      kind === "keep-alive" ? { agent: this.agent } : { agent: false, headers: { connection: "close" } };
    const request = http.get(this.url, options, (response) => {
      response.resume();
      response.on("end", () => {
        if (response.statusCode === 200) this.settle(ping);
        else this.settle(ping, `status ${response.statusCode}`);
      });
      response.on("error", (error: NodeJS.ErrnoException) => this.settle(ping, error.code ?? error.message));
    });
    request.on("error", (error: NodeJS.ErrnoException) => this.settle(ping, error.code ?? error.message));
    return ping;
  }

  private settle(ping: Outstanding, failure?: string): void {
    if (ping.kind === "keep-alive") {
      if (this.keepAlive !== ping) return;
      this.keepAlive = undefined;
    } else {
      if (this.fresh !== ping) return;
      this.fresh = undefined;
    }
    const phase = ping.phase;
    if (!phase) return;
    if (failure) phase.failures.set(failure, (phase.failures.get(failure) ?? 0) + 1);
    else phase.answered++;
    this.record(ping, performance.now());
  }

  private record(ping: Outstanding, at: number): void {
    const phase = ping.phase!;
    const roundTrip = at - ping.startedAt;
    phase.samples.push(roundTrip);
    // Without these the pings a stalled server kept us from sending would be missing from the
    // percentiles (coordinated omission); each would have waited at least until this answer.
    for (const due of ping.skippedDue) phase.samples.push(at - due);
    phase.skippedTicks += ping.skippedDue.length;
    if (roundTrip > phase.worstMs) {
      phase.worstMs = roundTrip;
      phase.worstOn = ping.kind;
    }
  }
}
